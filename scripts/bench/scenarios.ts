// The measurements. Each starts the servers it needs as child processes (the dev tenant and the instant
// upstream run throughout), checks one answer by hand, drives them from this process, and stops them again.
import { parseConnectionString } from '@azure/communication-common';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { KeyCredential } from '@azure/core-auth';
import type { Fixture } from '@tpe-elements/dev-tenant';
import { signLikeTheSdk } from './acs-signing.js';
import type { Child, Children } from './children.js';
import { processMeter } from './cpu.js';
import { startSample } from './hero-sample.js';
import { runLoad, type LoadSettings, type LoadTarget } from './load.js';
import { residentMiB } from './memory.js';
import type { Placement } from './placement.js';
import type { ScenarioResult } from './report.js';
import { instantUpstreamStats, startFixedJsonServer, startPassThrough, startProxy, type DevTenantChild, type ServerChild, type UpstreamStats } from './services.js';
import type { Measurement } from './stats.js';
import { timeCalls } from './timed-calls.js';

export interface BenchContext {
  children: Children;
  tenant: DevTenantChild;
  fixture: Fixture;
  /** A still-valid Teams-persona Entra token of one agent, and who it is for. */
  entra: { token: string; userId: string; clientId: string };
  load: LoadSettings;
  /** How many real SDK calls the reference timing makes. */
  sdkCalls: number;
  placement: Placement;
  /** The instant upstream, over https (the sample's SDK client insists), trusted through `upstreamCaFile`. */
  upstream: ServerChild;
  upstreamCaFile: string;
  /** Its certificate (PEM), for this process's own requests to it. */
  upstreamCa: string;
  /** The one token the instant upstream hands out. */
  upstreamToken: string;
  /** Each server's port (0: a free one), from BENCH_*_PORT. */
  ports: { proxy: number; sample: number; passThrough: number; bare: number };
  /** Where the Azure sample is installed, and the token for its own API it wants besides the Teams one. */
  sample?: { dir: string; apiToken: string };
  /** Run (b)'s proxy under `node --cpu-prof`, writing the profile here. */
  cpuProfileDir?: string;
}

/** What the identity SDK 1.3.1 calls for getTokenForTeamsUser. */
const EXCHANGE_PATH = '/teamsUser/:exchangeAccessToken?api-version=2023-10-01';
const SDK_CALL_TIMEOUT_MS = 10_000;

export async function proxyToDevTenant(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startProxy(ctx.children, 'the proxy (cache off)', ctx.tenant, { TOKEN_CACHE_ENTRIES: '0' }, proxyStart(ctx)), async (proxy) => {
    const target = proxyTarget(proxy.url, ctx.entra.token);
    await expectProxyToken(target, 'miss');
    const measurement = withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid), processMeter('dev tenant', ctx.tenant.pid)]), proxy);
    return { id: 'a', title: '(a) proxy → dev tenant, cache off', layout: 'autocannon → proxy → dev tenant', measurement, rssMiB: residentMiB(proxy.pid) };
  });
}

export async function proxyToInstantUpstream(ctx: BenchContext): Promise<ScenarioResult> {
  // Same ACS key and resource id; only the endpoint moves. Entra keys still come from the dev tenant.
  const extra = { TOKEN_CACHE_ENTRIES: '0', ACS_CONNECTION_STRING: instantAcs(ctx), NODE_EXTRA_CA_CERTS: ctx.upstreamCaFile };
  const profiling = ctx.cpuProfileDir !== undefined;
  const start = { ...proxyStart(ctx), nodeOptions: profiling ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfileDir}`] : [] };
  return withChild(startProxy(ctx.children, 'the proxy (instant upstream, cache off)', ctx.tenant, extra, start), async (proxy) => {
    const target = proxyTarget(proxy.url, ctx.entra.token);
    expectInstantToken(ctx, 'the proxy', await expectProxyToken(target, 'miss'));
    const { measurement, upstream } = await countingUpstream(ctx, async () =>
      withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid), processMeter('upstream', ctx.upstream.pid)]), proxy),
    );
    return {
      id: 'b',
      title: '(b) proxy → instant upstream, cache off',
      layout: 'autocannon → proxy → fixed https server (+ dev tenant keys)',
      measurement,
      rssMiB: residentMiB(proxy.pid),
      profiled: profiling,
      upstream,
    };
  });
}

/**
 * The Azure sample's Teams exchange (GET /api/token/teams), as its client calls it: its own API's token in
 * Authorization (its checkJwt and access_as_user scope check) and the same Teams user's Entra token the proxy
 * gets in teams-user-aad-token; against the same instant upstream, over the same https.
 */
export async function sampleToInstantUpstream(ctx: BenchContext): Promise<ScenarioResult> {
  const sample = ctx.sample!;
  const starting = startSample(ctx.children, {
    dir: sample.dir,
    port: ctx.ports.sample,
    tenantUrl: ctx.tenant.url,
    tenantId: ctx.fixture.tenant.id,
    clientId: ctx.entra.clientId,
    acsConnectionString: instantAcs(ctx),
    caFile: ctx.upstreamCaFile,
    cpus: ctx.placement.proxyAndLoad,
  });
  return withChild(starting, async (server) => {
    const target: LoadTarget = {
      url: `${server.url}/api/token/teams`,
      method: 'GET',
      headers: { authorization: `Bearer ${sample.apiToken}`, 'teams-user-aad-token': ctx.entra.token },
    };
    const check = await fetch(target.url, { headers: target.headers });
    const text = await check.text();
    if (check.status !== 201) throw new Error(`the Azure sample answered ${check.status}: ${text.slice(0, 300)}`);
    expectInstantToken(ctx, 'the Azure sample', (JSON.parse(text) as { token?: string }).token);
    const { measurement, upstream } = await countingUpstream(ctx, async () =>
      withTail(await runLoad(target, ctx.load, [processMeter('sample', server.pid), processMeter('upstream', ctx.upstream.pid)]), server),
    );
    const layout = 'autocannon → sample → fixed https server (+ dev tenant keys)';
    return { id: 'f', title: '(f) Azure sample → instant upstream', layout, measurement, rssMiB: residentMiB(server.pid), upstream };
  });
}

/** The least an HTTP-parsing proxy costs: parse, one keep-alive request to the same upstream, relay. */
export async function passThroughToInstantUpstream(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startPassThrough(ctx.children, ctx.upstream.url, ctx.upstreamCaFile, ctx.ports.passThrough, ctx.placement.proxyAndLoad), async (server) => {
    const target: LoadTarget = { url: server.url, method: 'POST' };
    const check = await fetch(target.url, { method: 'POST' });
    expectInstantToken(ctx, 'the pass-through', ((await check.json()) as { token?: string }).token);
    const { measurement, upstream } = await countingUpstream(ctx, async () =>
      withTail(await runLoad(target, ctx.load, [processMeter('pass-through', server.pid), processMeter('upstream', ctx.upstream.pid)]), server),
    );
    const layout = 'autocannon → node:http relay → fixed https server';
    return { id: 'g', title: '(g) no-op pass-through → instant upstream', layout, measurement, rssMiB: residentMiB(server.pid), upstream };
  });
}

export async function proxyCacheHits(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startProxy(ctx.children, 'the proxy (cache on)', ctx.tenant, { TOKEN_CACHE_ENTRIES: '10000' }, proxyStart(ctx)), async (proxy) => {
    const target = proxyTarget(proxy.url, ctx.entra.token);
    await expectProxyToken(target, 'miss');
    await expectProxyToken(target, 'hit');
    const measurement = withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid)]), proxy);
    // One entry, an hour to live and nothing else cached: if the last answer is a hit, all were.
    await expectProxyToken(target, 'hit');
    return { id: 'c', title: '(c) proxy, cache hit', layout: 'autocannon → proxy', measurement, rssMiB: residentMiB(proxy.pid) };
  });
}

/**
 * The dev tenant's exchange, called as the SDK calls it: the same body, signed once with the SDK's own
 * policy, and checked once by hand.
 */
async function signedExchange(ctx: BenchContext): Promise<LoadTarget> {
  const url = `${ctx.tenant.url}${EXCHANGE_PATH}`;
  const body = JSON.stringify({ token: ctx.entra.token, appId: ctx.entra.clientId, userId: ctx.entra.userId });
  const credential = parseConnectionString(ctx.tenant.connectionString).credential as KeyCredential;
  const headers: Record<string, string> = { ...(await signLikeTheSdk(credential, url, body)), 'content-type': 'application/json' };
  const { host: _host, ...fetchHeaders } = headers; // fetch sends the same host itself and refuses to be told
  const check = await fetch(url, { method: 'POST', headers: fetchHeaders, body });
  const answer = (await check.json()) as { token?: string };
  if (check.status !== 200 || typeof answer.token !== 'string') throw new Error(`the signed exchange was refused: ${check.status} ${JSON.stringify(answer)}`);
  return { url, method: 'POST', headers, body };
}

/**
 * Before anything is measured, exchanges against the dev tenant for a while, so that (a), which runs
 * first, meets a dev tenant as warm (JIT-compiled) as the later (d) does.
 */
export async function primeDevTenant(ctx: BenchContext, seconds: number): Promise<void> {
  const priming = await runLoad(await signedExchange(ctx), { ...ctx.load, warmupSeconds: 0, durationSeconds: seconds }, []);
  if (priming.failures.length) throw new Error(`priming the dev tenant failed: ${priming.failures.join('; ')}`);
}

export async function directToDevTenant(ctx: BenchContext): Promise<ScenarioResult> {
  const target = await signedExchange(ctx);
  return {
    id: 'd',
    title: '(d) direct HMAC POST → dev tenant',
    layout: 'autocannon → dev tenant',
    measurement: await runLoad(target, ctx.load, [processMeter('dev tenant', ctx.tenant.pid)]),
  };
}

export async function sdkToDevTenant(ctx: BenchContext): Promise<ScenarioResult> {
  const client = new CommunicationIdentityClient(ctx.tenant.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
  const call = (abortSignal: AbortSignal) =>
    client.getTokenForTeamsUser({ teamsUserAadToken: ctx.entra.token, clientId: ctx.entra.clientId, userObjectId: ctx.entra.userId, abortSignal });
  const common = { concurrency: ctx.load.connections, callTimeoutMs: SDK_CALL_TIMEOUT_MS, maxFailures: 100 };
  const warmup = await timeCalls(call, { ...common, total: Infinity, maxDurationMs: ctx.load.warmupSeconds * 1000 });
  // Generous: a healthy run takes a few seconds; this only bounds a broken one.
  const measurement = await timeCalls(call, { ...common, total: ctx.sdkCalls, maxDurationMs: Math.max(60_000, ctx.load.durationSeconds * 10_000) }, [
    processMeter('dev tenant', ctx.tenant.pid),
  ]);
  measurement.failures.push(...warmup.failures.map((f) => `warm-up: ${f}`));
  return {
    id: 'd-sdk',
    title: `(d) ref: SDK getTokenForTeamsUser ×${ctx.sdkCalls}`,
    layout: 'identity SDK in bench process → dev tenant',
    measurement,
  };
}

/** A reference for the machine: the fixed server alone, over plain http. */
export async function bareServer(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startFixedJsonServer(ctx.children, 'the bare server', ctx.ports.bare, ctx.placement.upstream), async (server) => {
    const check = await fetch(server.url, { method: 'POST' });
    if (check.status !== 200) throw new Error(`the bare server answered ${check.status}`);
    await check.arrayBuffer();
    return {
      id: 'e',
      title: '(e) bare node:http server',
      layout: 'autocannon → fixed server',
      measurement: withTail(await runLoad({ url: server.url, method: 'POST' }, ctx.load, [processMeter('server', server.pid)]), server),
      rssMiB: residentMiB(server.pid),
    };
  });
}

function proxyStart(ctx: BenchContext) {
  return { port: ctx.ports.proxy, cpus: ctx.placement.proxyAndLoad };
}

/** What the instant upstream saw while `work` ran (warm-up and measured run): connections opened, exchanges answered. */
async function countingUpstream(ctx: BenchContext, work: () => Promise<Measurement>): Promise<{ measurement: Measurement; upstream: UpstreamStats }> {
  const before = await instantUpstreamStats(ctx.upstream.url, ctx.upstreamCa);
  const measurement = await work();
  const after = await instantUpstreamStats(ctx.upstream.url, ctx.upstreamCa);
  return { measurement, upstream: { connections: after.connections - before.connections - 1, requests: after.requests - before.requests } };
}

/** The instant upstream as an ACS connection string, with the dev tenant's access key. */
function instantAcs(ctx: BenchContext): string {
  return `endpoint=${ctx.upstream.url}/;accesskey=${ctx.fixture.acs.accessKey}`;
}

/** The token a server handed back is the instant upstream's: it called that one, not the dev tenant. */
function expectInstantToken(ctx: BenchContext, who: string, answered: string | undefined): void {
  if (answered !== ctx.upstreamToken) throw new Error(`${who} did not hand back the instant upstream's token: is it calling another upstream?`);
}

function proxyTarget(proxyUrl: string, entraToken: string): LoadTarget {
  // As the agent page sends it: a POST without a body.
  return { url: `${proxyUrl}/api/token/teams-user`, method: 'POST', headers: { authorization: `Bearer ${entraToken}` } };
}

/** One request by hand before (and after) the load: a 200 with a token, from the cache or not as expected. */
async function expectProxyToken(target: LoadTarget, cache: 'hit' | 'miss'): Promise<string> {
  const response = await fetch(target.url, { method: target.method, headers: target.headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the proxy answered ${response.status}: ${text}`);
  const { token } = JSON.parse(text) as { token?: unknown };
  if (typeof token !== 'string') throw new Error(`the proxy answered without a token: ${text}`);
  const seen = response.headers.get('x-token-cache');
  if (seen !== cache) throw new Error(`expected a cache ${cache} from the proxy, got ${seen}`);
  return token;
}

async function withChild<C extends Child, T>(starting: Promise<C>, use: (child: C) => Promise<T>): Promise<T> {
  const child = await starting;
  try {
    return await use(child);
  } finally {
    await child.stop();
  }
}

/** On failure, the last lines the server printed (the proxy logs upstream failures at warn). */
function withTail(measurement: Measurement, child: Child): Measurement {
  if (measurement.failures.length === 0) return measurement;
  const tail = child.output().trim().split('\n').slice(-3).join(' | ');
  if (tail) measurement.failures.push(`${child.name} printed last: ${tail.slice(0, 600)}`);
  return measurement;
}
