// Web Test Runner plugin: lets the real Azure Communication Services Calling SDK start quickly with no
// network. Offline, the SDK retries its remote configuration for seconds (getDeviceManager ≈7 s, agent
// creation ≈15 s). Here the test's browser context answers the configuration hosts with an empty
// configuration (`{}` with ETag and Expires, which the SDK caches) and fails every other request that
// leaves the machine at once, so nothing waits on DNS or a retry timer. Local requests (the test runner,
// the dev tenant, the proxy) are not touched.

/** The SDK's remote-configuration services (ECS): `{}` there means "use your built-in defaults". */
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

/** @param {URL} url */
function isConfigHost(url) {
  return CONFIG_HOSTS.has(url.hostname);
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
 * @typedef {{ at: number, kind: 'http' | 'websocket', method: string, url: string, action: 'config' | 'aborted' | 'closed' }} OfflineRequest
 */

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function callingSdkOfflinePlugin() {
  /** Per test session (one browser context each): when routing started and what it did. */
  /** @type {Map<string, { since: number, requests: OfflineRequest[] }>} */
  const sessions = new Map();

  return {
    name: 'calling-sdk-offline',
    async executeCommand({ command, session }) {
      if (command === 'calling-sdk-offline-requests') return sessions.get(session.id)?.requests ?? [];
      if (command !== 'calling-sdk-offline') return undefined;
      if (sessions.has(session.id)) return true;
      const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (/** @type {unknown} */ (session.browser));
      const context = launcher.getPage(session.id).context();
      const state = { since: Date.now(), requests: /** @type {OfflineRequest[]} */ ([]) };
      sessions.set(session.id, state);
      /** @param {Omit<OfflineRequest, 'at'>} entry */
      const note = (entry) => state.requests.push({ at: Date.now() - state.since, ...entry });

      await context.route(leavesTheMachine, async (route) => {
        const request = route.request();
        const url = new URL(request.url());
        if (isConfigHost(url)) {
          note({ kind: 'http', method: request.method(), url: request.url(), action: 'config' });
          const cors = corsHeaders(await request.allHeaders());
          if (request.method() === 'OPTIONS') {
            await route.fulfill({ status: 204, headers: cors });
            return;
          }
          await route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { ...cors, etag: '"calling-sdk-offline"', expires: new Date(Date.now() + 24 * 3600_000).toUTCString(), 'cache-control': 'max-age=86400' },
            body: '{}',
          });
          return;
        }
        note({ kind: 'http', method: request.method(), url: request.url(), action: 'aborted' });
        await route.abort('internetdisconnected');
      });
      // Trouter and signalling sockets: closed before any connection is attempted.
      await context.routeWebSocket(leavesTheMachine, (ws) => {
        note({ kind: 'websocket', method: 'GET', url: ws.url(), action: 'closed' });
        void ws.close({ code: 1011, reason: 'offline' });
      });
      return true;
    },
  };
}
