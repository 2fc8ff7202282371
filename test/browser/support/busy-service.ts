/** What `promise` rejected with (a test of a failure wants the error itself). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A JSON error answer with a Retry-After, as the token proxy, Graph or ACS sends when busy. */
export function busyAnswer(status: 429 | 503, retryAfter: string, error: { code: string; message: string }): () => Response {
  return () => new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json', 'retry-after': retryAfter } });
}

export interface BusyService {
  /** Every request `matches` picked, answered or forwarded, in order. */
  readonly seen: string[];
  restore(): void;
}

/**
 * Wraps the page's fetch (the way the suite injects failures): the first `times` requests that `matches`
 * picks get `answer`; every other request goes to the real server.
 */
export function busyFor(matches: (url: URL, init?: RequestInit) => boolean, answer: () => Response, times = 1): BusyService {
  const realFetch = window.fetch;
  const seen: string[] = [];
  let left = times;
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!matches(url, init)) return realFetch(input, init);
    seen.push(url.pathname);
    if (left > 0) {
      left--;
      return Promise.resolve(answer());
    }
    return realFetch(input, init);
  };
  return { seen, restore: () => (window.fetch = realFetch) };
}
