/** One request the page made through the watched fetch. */
export interface WatchedRequest {
  url: URL;
  /** The AbortSignal the caller handed to fetch, if any. */
  signal: AbortSignal | undefined;
  /** True while the test holds it (it has not reached the server yet). */
  readonly held: boolean;
  /** The answer's HTTP status, once fetch has handed the answer to the caller. */
  readonly status?: number;
  /** Lets a held request go on to the server (or to its `answer`); resolves once fetch has handed over the answer. */
  release(): Promise<void>;
}

export interface WatchedFetch {
  /** Every request `matches` picked, in the order the page made them. */
  readonly requests: WatchedRequest[];
  /** The picked requests to `path` (a URL's pathname). */
  to(path: string): WatchedRequest[];
  restore(): void;
}

export interface WatchOptions {
  /** Requests to hold until the test releases them (none unless told). */
  hold?: (url: URL) => boolean;
  /** An answer of the test's own instead of the server's (undefined: the server answers). */
  answer?: (url: URL) => Response | undefined;
}

/**
 * Wraps the page's fetch, as the suite injects failures: the requests `matches` picks are recorded, may be
 * held until the test lets them go (to prove what a page starts while another answer is outstanding), and
 * go to the real server unless `answer` gives one. A held request whose caller aborts rejects as fetch does.
 */
export function watchFetch(matches: (url: URL) => boolean, { hold = () => false, answer = () => undefined }: WatchOptions = {}): WatchedFetch {
  const realFetch = window.fetch;
  const requests: WatchedRequest[] = [];
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!matches(url)) return realFetch(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let answered!: () => void;
    const delivered = new Promise<void>((resolve) => (answered = resolve));
    const request: { -readonly [K in keyof WatchedRequest]: WatchedRequest[K] } = {
      url,
      signal,
      held: hold(url),
      release() {
        request.held = false;
        letGo();
        return delivered;
      },
    };
    requests.push(request);
    if (!request.held) letGo();
    const response = (async () => {
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        void gate.then(resolve);
      });
      return answer(url) ?? realFetch(input, init);
    })();
    void response.then((answer) => {
      request.status = answer.status;
      answered();
    }, answered);
    return response;
  };
  return {
    requests,
    to: (path) => requests.filter((r) => r.url.pathname === path),
    restore: () => (window.fetch = realFetch),
  };
}
