/**
 * The longest wait a Retry-After is believed for. A server asking for more is misconfigured, and a wait that
 * long would leave a person looking at a busy screen for longer than they would wait anyway.
 */
export const MAX_RETRY_AFTER_SECONDS = 600;

/**
 * How many seconds a `Retry-After` header asks the caller to wait (RFC 9110: delta-seconds or an HTTP-date),
 * at most MAX_RETRY_AFTER_SECONDS; undefined when the header is absent or unreadable. A date already past
 * means "now": 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  // Only a date has letters in it; `Date.parse` would otherwise read "1.5" or "-3" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}
