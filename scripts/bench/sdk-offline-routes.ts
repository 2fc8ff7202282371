// The demo page on the real Calling SDK, for `npm run bench:call-agent`, with no network: the token proxy's
// public settings are answered with `calling: "sdk"` (the dev tenant's proxy says "simulator"), and the SDK's
// outside requests are handled as test/browser/support/calling-sdk-offline-plugin.mjs handles them (its
// remote-configuration hosts get `{}`, everything else leaving the machine fails at once), so nothing waits on
// DNS or a retry timer. Local requests (the page, the dev tenant, the proxy) go through untouched.
import type { Page } from 'playwright-core';

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
const leavesTheMachine = (url: URL) => !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost');

function corsHeaders(requestHeaders: Record<string, string>): Record<string, string> {
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

/** From now on, this page's loads choose the real SDK and keep it off the network. Returns what the routes did. */
export async function realSdkOffline(page: Page, proxyUrl: string): Promise<{ configAnswered: number; aborted: string[]; socketsClosed: number }> {
  const seen = { configAnswered: 0, aborted: [] as string[], socketsClosed: 0 };
  await page.route(`${proxyUrl}/api/config`, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const settings = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...settings, calling: 'sdk' } });
  });
  await page.route(leavesTheMachine, async (route) => {
    const request = route.request();
    if (CONFIG_HOSTS.has(new URL(request.url()).hostname)) {
      seen.configAnswered += 1;
      const cors = corsHeaders(await request.allHeaders());
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { ...cors, etag: '"bench-offline"', expires: new Date(Date.now() + 24 * 3600_000).toUTCString(), 'cache-control': 'max-age=86400' },
        body: '{}',
      });
    }
    if (!seen.aborted.includes(new URL(request.url()).host)) seen.aborted.push(new URL(request.url()).host);
    return route.abort('internetdisconnected');
  });
  await page.routeWebSocket(leavesTheMachine, (ws) => {
    seen.socketsClosed += 1;
    void ws.close({ code: 1011, reason: 'offline' });
  });
  return seen;
}
