/**
 * The container's HEALTHCHECK: asks this instance's `/healthz` and exits 0 when it answers 200, 1 otherwise.
 * Node runs it because slim images have no curl or wget. It is liveness only: readiness (`/readyz`) depends on
 * ACS and Entra, and an upstream outage must not get every container restarted.
 */
const UNSPECIFIED = new Set(['0.0.0.0', '::', '']);
const TIMEOUT_MS = 3_000;

const host = process.env.HOST?.trim() ?? '';
// A server bound to every interface answers on loopback; one bound to a single address only there.
const target = UNSPECIFIED.has(host) ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
const port = process.env.PORT?.trim() || '4020';

// A plain timer rather than AbortSignal.timeout(), whose timer Node 20 can lose to garbage collection.
const deadline = new AbortController();
setTimeout(() => deadline.abort(), TIMEOUT_MS).unref();
const healthy = await fetch(`http://${target}:${port}/healthz`, { signal: deadline.signal }).then(
  (response) => response.ok,
  () => false,
);
process.exit(healthy ? 0 : 1);
