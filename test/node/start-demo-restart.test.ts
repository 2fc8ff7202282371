// `npm start` keeps going when one of its services dies: the dev tenant, killed with SIGKILL, comes back on the
// same URL (the page and the proxy were given that one) with its signing key, the token proxy and the demo page
// answer throughout, the output says what happened; Ctrl-C still stops everything, with no restart.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DemoRun, freePort } from './demo-run.js';

async function signingKeyIds(tenantUrl: string): Promise<string[]> {
  const { tenantId } = (await (await fetch(`${tenantUrl}/.dev/config`)).json()) as { tenantId: string };
  const discovery = await fetch(`${tenantUrl}/${tenantId}/v2.0/.well-known/openid-configuration`);
  assert.equal(discovery.status, 200);
  const { jwks_uri } = (await discovery.json()) as { jwks_uri: string };
  const { keys } = (await (await fetch(jwks_uri)).json()) as { keys: Array<{ kid: string }> };
  return keys.map((key) => key.kid);
}

describe('npm start when a service dies', () => {
  it('restarts the dev tenant on its URL while the proxy and the page keep answering; Ctrl-C stops all', { timeout: 40_000 }, async () => {
    const ports = { TPE_DEMO_PORT: await freePort(), TPE_DEV_TENANT_PORT: await freePort(), TPE_PROXY_PORT: await freePort() };
    const demo = new DemoRun(ports);
    after(() => demo.kill());
    const [, pageUrl] = await demo.printed(/tpe-elements demo: (http:\S+)/);
    await demo.printed(/Press Ctrl-C to stop\./);
    const tenantUrl = `http://127.0.0.1:${ports.TPE_DEV_TENANT_PORT}`;
    const proxyUrl = `http://127.0.0.1:${ports.TPE_PROXY_PORT}`;
    const keysBefore = await signingKeyIds(tenantUrl);
    const tenantPid = demo.childPid('dev-tenant/src/main.ts');
    const proxyPid = demo.childPid('proxy/src/main.ts');
    assert.ok(tenantPid && proxyPid, `its children:\n${demo.output}`);

    const killedAt = demo.output.length;
    process.kill(tenantPid, 'SIGKILL');
    await demo.printed(new RegExp(`The dev tenant stopped unexpectedly \\(killed by SIGKILL\\): restarting it on ${tenantUrl} in 1 s\\. Sign-ins, consents and tokens are kept`), killedAt);
    assert.equal((await fetch(`${proxyUrl}/healthz`)).status, 200, 'the proxy answers while the dev tenant is down');
    assert.equal((await fetch(pageUrl!)).status, 200, 'the demo page answers while the dev tenant is down');

    await demo.printed(new RegExp(`Dev tenant is back at ${tenantUrl}`), killedAt);
    assert.deepEqual(await signingKeyIds(tenantUrl), keysBefore, 'the same signing key: tokens it issued before stay valid');
    assert.equal((await fetch(`${proxyUrl}/readyz`)).status, 200, 'the proxy reaches ACS on the restarted dev tenant');
    assert.equal(demo.childPid('proxy/src/main.ts'), proxyPid, 'the proxy was left running');
    assert.notEqual(demo.childPid('dev-tenant/src/main.ts'), tenantPid);

    const interruptedAt = demo.output.length;
    assert.equal(await demo.interrupt(), 0);
    assert.doesNotMatch(demo.output.slice(interruptedAt), /unexpectedly|is back/, 'no restart during Ctrl-C');
    await assert.rejects(fetch(`${tenantUrl}/.dev/config`), 'the dev tenant stopped with it');
    await assert.rejects(fetch(`${proxyUrl}/healthz`), 'the proxy stopped with it');
  });
});
