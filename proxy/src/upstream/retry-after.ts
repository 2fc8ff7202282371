/**
 * How long an upstream asked us to wait, in ms: `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After`
 * as seconds or an HTTP date. Undefined when it said nothing usable.
 */
export function retryAfterMs(headers: { get(name: string): string | undefined | null }, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Whole seconds for a Retry-After header we send: at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
