// The demo page on the real Calling SDK, for `npm run bench:call-agent`, with no network: the token proxy's
// public settings are answered with `calling: "sdk"` (the dev tenant's proxy says "simulator"), and the SDK's
// outside requests are handled as in the browser tests (scripts/calling-sdk-offline.mjs: its remote-configuration
// hosts get `{}`, everything else leaving the machine fails at once), so nothing waits on DNS or a retry timer.
import type { Page } from 'playwright-core';
import { keepCallingSdkOffline } from '../calling-sdk-offline.mjs';

/** From now on, this page's loads choose the real SDK and keep it off the network. Returns what the routes did. */
export async function realSdkOffline(page: Page, proxyUrl: string): Promise<{ configAnswered: number; aborted: string[]; socketsClosed: number }> {
  const seen = { configAnswered: 0, aborted: [] as string[], socketsClosed: 0 };
  await page.route(`${proxyUrl}/api/config`, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const settings = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...settings, calling: 'sdk' } });
  });
  await keepCallingSdkOffline(page, ({ action, url }) => {
    if (action === 'config') seen.configAnswered += 1;
    else if (action === 'closed') seen.socketsClosed += 1;
    else if (!seen.aborted.includes(new URL(url).host)) seen.aborted.push(new URL(url).host);
  });
  return seen;
}
