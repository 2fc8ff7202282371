// Keeps the real Azure Communication Services Calling SDK off the network in a Playwright page or context, so
// that it starts quickly with none: its remote-configuration hosts (ECS) are answered with an empty
// configuration (`{}` with ETag and Expires, which the SDK caches: "use your built-in defaults"), every other
// request that leaves the machine fails at once and every such WebSocket is closed before it connects, so
// nothing waits on DNS or a retry timer. Local requests (the page, the dev tenant, the proxy) are not touched.
// Used by the browser tests' plugin (test/browser/support/calling-sdk-offline-plugin.mjs) and by
// `npm run bench:call-agent` (scripts/bench/sdk-offline-routes.ts).

/** The SDK's remote-configuration services (ECS). */
const CONFIG_HOSTS = new Set([
  'ecs.communication.microsoft.com',
  'config.teams.microsoft.com',
  'config.ecs.teams.microsoft.com',
  'config.ecs.gov.teams.microsoft.us',
  'config.ecs.dod.teams.microsoft.us',
  'config.ecs.teams.microsoft.scloud',
  'config.ecs.teams.eaglex.ic.gov',
]);

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** @param {URL} url */
function leavesTheMachine(url) {
  return !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost');
}

/** CORS headers for a fulfilled cross-origin request, echoing what the page asked for. */
function corsHeaders(/** @type {Record<string, string>} */ requestHeaders) {
  const origin = requestHeaders['origin'];
  return {
    'access-control-allow-origin': origin ?? '*',
    ...(origin ? { 'access-control-allow-credentials': 'true', vary: 'Origin' } : {}),
    'access-control-allow-methods': requestHeaders['access-control-request-method'] ?? 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': requestHeaders['access-control-request-headers'] ?? '*',
    'access-control-expose-headers': 'ETag, Expires',
    'access-control-max-age': '3600',
  };
}

/**
 * @typedef {{ kind: 'http' | 'websocket', method: string, url: string, action: 'config' | 'aborted' | 'closed' }} OfflineAction
 * @param {import('playwright-core').Page | import('playwright-core').BrowserContext} target
 * @param {(action: OfflineAction) => void} note told of each request it answered, failed or closed
 */
export async function keepCallingSdkOffline(target, note) {
  await target.route(leavesTheMachine, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (CONFIG_HOSTS.has(url.hostname)) {
      note({ kind: 'http', method: request.method(), url: request.url(), action: 'config' });
      const cors = corsHeaders(await request.allHeaders());
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { ...cors, etag: '"calling-sdk-offline"', expires: new Date(Date.now() + 24 * 3600_000).toUTCString(), 'cache-control': 'max-age=86400' },
        body: '{}',
      });
    }
    note({ kind: 'http', method: request.method(), url: request.url(), action: 'aborted' });
    return route.abort('internetdisconnected');
  });
  // Trouter and signalling sockets: closed before any connection is attempted.
  await target.routeWebSocket(leavesTheMachine, (ws) => {
    note({ kind: 'websocket', method: 'GET', url: ws.url(), action: 'closed' });
    void ws.close({ code: 1011, reason: 'offline' });
  });
}
