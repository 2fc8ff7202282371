// The three kinds of server the bench drives, each started as a child process through `Children`.
import { readFile } from 'node:fs/promises';
import { proxyEnvForDevTenant } from '../spawn-proxy.mjs';
import { freePort, type Child, type Children } from './children.js';

export interface DevTenantChild extends Child {
  url: string;
  connectionString: string;
}

export interface ServerChild extends Child {
  url: string;
}

/** The fixture the dev tenant starts with when given none: its ACS access key is read here, never from its log. */
const DEV_TENANT_FIXTURE = new URL('../../dev-tenant/fixtures/contoso.json', import.meta.url);

/** `node --import tsx dev-tenant/src/main.ts --port 0`; its banner says where it listens. */
export async function startDevTenant(children: Children, cpus?: string): Promise<DevTenantChild> {
  const child = await children.start({
    name: 'the dev tenant',
    entry: 'dev-tenant/src/main.ts',
    args: ['--port', '0'],
    env: { PATH: process.env.PATH },
    ready: { printed: /Press Ctrl-C to stop\./ },
    cpus,
  });
  const url = /Dev tenant .* on (http:\/\/\S+)/.exec(child.output())?.[1];
  if (!url) {
    await child.stop();
    throw new Error(`the dev tenant's banner lacks its URL:\n${child.output()}`);
  }
  const { acs } = JSON.parse(await readFile(DEV_TENANT_FIXTURE, 'utf8')) as { acs: { accessKey: string } };
  return { ...child, url, connectionString: `endpoint=${url}/;accesskey=${acs.accessKey}` };
}

/**
 * What the bench changes in the proxy's environment: quiet logs, rate limits out of the way (the
 * proxy's maximum, 1,000,000 a minute), and no upstream retries, so a failing upstream shows up as
 * non-2xx answers instead of hiding in slower successes.
 */
const BENCH_PROXY_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_PER_CALLER: '1000000',
  UPSTREAM_MAX_RETRIES: '0',
};

/**
 * `node --import tsx proxy/src/main.ts`, configured for the dev tenant as `npm start` does, plus `extra`.
 * At LOG_LEVEL=warn it prints nothing when it starts, so it is given a port and probed on /healthz.
 */
export async function startProxy(children: Children, name: string, tenant: DevTenantChild, extra: Record<string, string>, cpus?: string): Promise<ServerChild> {
  const port = await freePort();
  const env = await proxyEnvForDevTenant(tenant, { port, extra: { ...BENCH_PROXY_ENV, ...extra } });
  const url = `http://127.0.0.1:${port}`;
  const child = await children.start({ name, entry: 'proxy/src/main.ts', env, ready: { probe: `${url}/healthz` }, cpus });
  return { ...child, url };
}

/** scripts/bench/fixed-json-server.ts: answers every POST with a fixed ACS token body at once. */
export async function startFixedJsonServer(children: Children, name: string, cpus?: string): Promise<ServerChild> {
  const child = await children.start({
    name,
    entry: 'scripts/bench/fixed-json-server.ts',
    env: { PATH: process.env.PATH },
    ready: { printed: /listening on http:\S+/ },
    cpus,
  });
  const url = /listening on (http:\S+)/.exec(child.output())![1]!;
  return { ...child, url };
}
