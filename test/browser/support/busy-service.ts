import type { RetryScheduler } from '../../../src/consent/busy-retry.js';

/** What `promise` rejected with (a test of a failure wants the error itself). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The token proxy's error body when Azure Communication Services throttled its exchange. */
export const UPSTREAM_UNAVAILABLE = { code: 'upstream_unavailable', message: 'Azure Communication Services is busy (429); try again later.' };

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

export interface HeldWait {
  delayMs: number;
  signal: AbortSignal;
  /** Lets the element try again now, as the timer would when the delay is over. */
  release(): void;
}

/**
 * A retry scheduler the test holds: each wait the element asks for is recorded and lasts until the test
 * releases it, so no test waits real seconds and none depends on a timer.
 */
export function heldScheduler(): { scheduler: RetryScheduler; waits: HeldWait[]; next(): Promise<HeldWait> } {
  const waits: HeldWait[] = [];
  const listeners: Array<(wait: HeldWait) => void> = [];
  const scheduler: RetryScheduler = (delayMs, signal) =>
    new Promise<void>((resolve) => {
      const wait = { delayMs, signal, release: resolve };
      waits.push(wait);
      listeners.splice(0).forEach((listener) => listener(wait));
    });
  // The next wait asked for after this call (or the newest unreleased one already asked for).
  let handed = 0;
  const next = () =>
    new Promise<HeldWait>((resolve) => {
      if (waits.length > handed) return resolve(waits[handed++]!);
      listeners.push((wait) => {
        handed++;
        resolve(wait);
      });
    });
  return { scheduler, waits, next };
}
