/**
 * Waits `delayMs`, then resolves; rejects with an AbortError as soon as `signal` aborts. The elements wait
 * through one of these before trying a busy service again: a page (or a test) may hand in its own clock.
 */
export type RetryScheduler = (delayMs: number, signal: AbortSignal) => Promise<void>;

export const timerScheduler: RetryScheduler = (delayMs, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    }, delayMs);
    function cancel() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', cancel, { once: true });
  });

/** Tries after a busy answer before the element stops and leaves it to the person. */
export const MAX_AUTOMATIC_RETRIES = 5;
/** Never sooner than this, even when the service says 0 or a date already past: no tight loop. */
export const MIN_RETRY_SECONDS = 1;
/** Never later than this: a person is looking at the screen. */
export const MAX_RETRY_SECONDS = 120;

/**
 * Seconds to wait before automatic retry number `attempt` (1, 2, …): what the service asked for, else
 * doubling from 2 s; always within MIN_RETRY_SECONDS and MAX_RETRY_SECONDS.
 */
export function retryDelaySeconds(retryAfterSeconds: number | undefined, attempt: number): number {
  const asked = retryAfterSeconds ?? 2 ** Math.max(1, attempt);
  return Math.min(MAX_RETRY_SECONDS, Math.max(MIN_RETRY_SECONDS, Math.ceil(asked)));
}
