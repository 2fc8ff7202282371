import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { SCOPES, startTestTenant, UPN, userByUpn, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { devTenantEnv, entraToken } from './support/proxy.js';
import { installForProduction, type ProductionInstall } from './support/production-install.js';
import { startProxyProcess, type ProxyProcess } from './support/proxy-process.js';

const run = promisify(execFile);

/**
 * What CI and the container run: `npm run build`, the Dockerfile's own `npm ci --omit=dev` line in a fresh
 * directory, then `node proxy/dist/main.js` with plain node, with none of the repository's dev tools in reach.
 */
describe('the built proxy, installed for production as the image installs it, runs with plain node', () => {
  let install: ProductionInstall;
  let tenant: DevTenant;
  let proxy: ProxyProcess;
  let proxyDir: string;

  /** Whether `name` is a package the proxy could load from the production install. */
  async function installed(name: string): Promise<boolean> {
    for (const modules of [join(proxyDir, 'node_modules'), join(install.dir, 'node_modules')]) {
      if (await access(join(modules, name, 'package.json')).then(() => true, () => false)) return true;
    }
    return false;
  }

  /** The image's HEALTHCHECK command, run against this proxy's port. */
  async function healthcheck(): Promise<number> {
    const port = new URL(proxy.url).port;
    return run(process.execPath, ['dist/healthcheck.js'], { cwd: proxyDir, env: { PATH: process.env.PATH ?? '', PORT: port } }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );
  }

  before(async () => {
    install = await installForProduction();
    proxyDir = join(install.dir, 'proxy');
    tenant = await startTestTenant();
    const env = devTenantEnv(tenant, { PORT: process.env.TPE_TEST_BUILT_PROXY_PORT ?? '0', NODE_ENV: 'production' });
    proxy = await startProxyProcess(env, undefined, { cwd: proxyDir, args: ['dist/main.js'] });
  });
  after(async () => {
    await proxy?.stop();
    await tenant?.close();
    if (install) await rm(install.dir, { recursive: true, force: true });
  });

  it('installs the runtime dependencies and no dev tool: no tsx, no TypeScript, no dev tenant, no browser library', async (t) => {
    t.diagnostic(`npm ${install.npmArgs.join(' ')}: ${Math.round(install.installMs)} ms`);
    assert.ok(await installed('fastify'), 'a runtime dependency is missing: the check below would prove nothing');
    // node-forge comes only with the dev tenant; lit only with the workspace root (the browser library).
    for (const unwanted of ['tsx', 'typescript', '@tpe-elements/dev-tenant', 'node-forge', 'lit']) {
      assert.equal(await installed(unwanted), false, `${unwanted} is in the production install`);
    }
  });

  it('answers /healthz and /readyz with 200, and the image HEALTHCHECK passes', async () => {
    const health = await fetch(`${proxy.url}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${proxy.url}/readyz`);
    assert.equal(ready.status, 200, await ready.text());
    assert.equal(await healthcheck(), 0);
  });

  it("exchanges a Teams user's Entra token for that user's ACS token", async () => {
    const response = await fetch(`${proxy.url}/api/token/teams-user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await entraToken(tenant, UPN.agent, SCOPES.teamsPersona)}` },
    });
    const body = (await response.json()) as { token: string };
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(decodeJwt(body.token).skypeid, `orgid:${userByUpn(tenant, UPN.agent).id}`);
  });

  it('ends with exit code 0 on SIGTERM, after which the HEALTHCHECK fails', async () => {
    assert.equal(await proxy.stop(), 0, proxy.output());
    assert.equal(await healthcheck(), 1);
  });
});
