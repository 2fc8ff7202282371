/**
 * Reads REDIS_URL (`redis://` or `rediss://` for TLS), adding any problem to `problems`. A problem never
 * quotes the URL: it may carry the Redis password.
 */
export function parseRedisUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    problems.push('REDIS_URL must be a URL like redis://[:password@]host:6379[/db] or rediss://… for TLS.');
    return undefined;
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    problems.push(`REDIS_URL must start with redis:// or rediss:// (TLS), not ${parsed.protocol}//.`);
    return undefined;
  }
  if (!parsed.hostname) problems.push('REDIS_URL names no host.');
  return raw;
}
