import type { ProxyClient, ProxyPublicConfig } from './proxy-client.js';

interface SharedRead {
  readonly answer: Promise<ProxyPublicConfig>;
  readonly abort: AbortController;
  /** Readers still holding it: the read is aborted, or its answer forgotten, when none is left. */
  readers: number;
}

/**
 * The token proxy's public settings (`GET /api/config`), read once for all the readers that point at the
 * same proxy URL: the agent's and the admin's `<tpe-consent>` on one page ask the proxy once.
 *
 * A read is shared while it is in flight and after it answered. A failed read is forgotten at once, so
 * whoever asks next (another element, or a retry) asks the proxy again. A reader holds the read with its
 * AbortSignal: when that signal aborts (its element was removed or restarted), that reader stops waiting
 * at once, and the read is aborted only if no other reader holds it. An answer is kept as long as some
 * reader holds it and forgotten with the last one, so nothing outlives the elements that use it and there
 * is nothing to reset. A reader without a signal holds its answer for as long as the cache lives.
 */
export class ProxyConfigCache {
  readonly #reads = new Map<string, SharedRead>();

  read(proxy: ProxyClient, signal?: AbortSignal): Promise<ProxyPublicConfig> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const key = proxy.baseUrl;
    const shared = this.#reads.get(key) ?? this.#start(key, proxy);
    shared.readers++;
    if (!signal) return shared.answer;
    return new Promise((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        if (--shared.readers > 0) return;
        this.#forget(key, shared);
        shared.abort.abort();
      };
      signal.addEventListener('abort', leave, { once: true });
      shared.answer.then(resolve, (error) => {
        signal.removeEventListener('abort', leave);
        reject(error);
      });
    });
  }

  #start(key: string, proxy: ProxyClient): SharedRead {
    const abort = new AbortController();
    const shared: SharedRead = { abort, readers: 0, answer: proxy.config(abort.signal) };
    this.#reads.set(key, shared);
    // Forgotten before any reader hears of the failure, so a reader that asks again at once asks the proxy.
    shared.answer.catch(() => this.#forget(key, shared));
    return shared;
  }

  #forget(key: string, shared: SharedRead): void {
    if (this.#reads.get(key) === shared) this.#reads.delete(key);
  }
}
