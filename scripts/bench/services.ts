// The kinds of server the bench drives, each started as a child process through `Children`.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { proxyEnvForDevTenant } from '../spawn-proxy.mjs';
import { portOrFree, type Child, type Children } from './children.js';

export interface DevTenantChild extends Child {
  url: string;
  connectionString: string;
}

export interface ServerChild extends Child {
  url: string;
}

/** The fixture the dev tenant starts with when given none: its ACS access key is read here, never from its log. */
const DEV_TENANT_FIXTURE = new URL('../../dev-tenant/fixtures/contoso.json', import.meta.url);

/** `node --import tsx dev-tenant/src/main.ts --port <port>` (0: a free one); its banner says where it listens. */
export async function startDevTenant(children: Children, cpus?: string, port = 0): Promise<DevTenantChild> {
  const child = await children.start({
    name: 'the dev tenant',
    entry: 'dev-tenant/src/main.ts',
    args: ['--port', String(port)],
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

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run build -w proxy`: the bench measures the JavaScript production runs, not tsx. */
export async function buildProxy(): Promise<void> {
  try {
    await promisify(execFile)('npm', ['run', 'build', '-w', 'proxy'], { cwd: ROOT });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build -w proxy failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

export interface ProxyStart {
  /** 0: a free one. */
  port: number;
  cpus?: string;
  /** For node itself, such as `--cpu-prof`. */
  nodeOptions?: string[];
}

/**
 * `node proxy/dist/main.js` (built by `buildProxy`), configured for the dev tenant as `npm start` does, plus
 * `extra`. At LOG_LEVEL=warn it prints nothing when it starts, so it is given a port and probed on /healthz.
 */
export async function startProxy(children: Children, name: string, tenant: DevTenantChild, extra: Record<string, string>, start: ProxyStart): Promise<ServerChild> {
  const port = await portOrFree(start.port);
  const env = await proxyEnvForDevTenant(tenant, { port, extra: { ...BENCH_PROXY_ENV, ...extra } });
  const url = `http://127.0.0.1:${port}`;
  const child = await children.start({ name, entry: 'proxy/dist/main.js', nodeOptions: start.nodeOptions, env, ready: { probe: `${url}/healthz` }, cpus: start.cpus });
  return { ...child, url };
}

export interface TlsFiles {
  keyFile: string;
  certFile: string;
}

/**
 * scripts/bench/fixed-json-server.ts: answers every POST with a fixed ACS token body at once; over https
 * when given `tls`.
 */
export async function startFixedJsonServer(children: Children, name: string, port: number, cpus?: string, tls?: TlsFiles): Promise<ServerChild> {
  const child = await children.start({
    name,
    entry: 'scripts/bench/fixed-json-server.ts',
    env: { PATH: process.env.PATH, PORT: String(port), ...(tls && { TLS_KEY_FILE: tls.keyFile, TLS_CERT_FILE: tls.certFile }) },
    ready: { printed: /listening on https?:\S+/ },
    cpus,
  });
  const url = /listening on (https?:\S+)/.exec(child.output())![1]!;
  return { ...child, url };
}

/** One request to the instant upstream from this process on a connection of its own (counted once), trusting its certificate `ca` (PEM). */
async function askInstantUpstream(url: string, method: 'GET' | 'POST', ca: string): Promise<unknown> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => httpsRequest(url, { method, ca, agent: false }, resolve).once('error', reject).end());
  let text = '';
  for await (const chunk of response.setEncoding('utf8')) text += chunk as string;
  if (response.statusCode !== 200) throw new Error(`the instant upstream answered ${method} ${url} with ${response.statusCode}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** The token the instant upstream answers with. */
export async function instantUpstreamToken(url: string, ca: string): Promise<string> {
  const { token } = (await askInstantUpstream(url, 'POST', ca)) as { token?: unknown };
  if (typeof token !== 'string') throw new Error('the instant upstream answered without a token');
  return token;
}

export interface UpstreamStats {
  /** TCP (and so TLS) connections it accepted. */
  connections: number;
  /** Exchanges (POSTs) it answered. */
  requests: number;
}

/** How many connections and exchanges the instant upstream has seen so far. */
export async function instantUpstreamStats(url: string, ca: string): Promise<UpstreamStats> {
  return (await askInstantUpstream(`${url}/.bench/stats`, 'GET', ca)) as UpstreamStats;
}

/** scripts/bench/pass-through-server.ts: relays each request to `upstreamUrl`, trusting `caFile` for https. */
export async function startPassThrough(children: Children, upstreamUrl: string, caFile: string, port: number, cpus?: string): Promise<ServerChild> {
  const child = await children.start({
    name: 'the pass-through',
    entry: 'scripts/bench/pass-through-server.ts',
    env: { PATH: process.env.PATH, PORT: String(port), UPSTREAM_URL: upstreamUrl, NODE_EXTRA_CA_CERTS: caFile },
    ready: { printed: /listening on http:\S+/ },
    cpus,
  });
  const url = /listening on (http:\S+)/.exec(child.output())![1]!;
  return { ...child, url };
}
