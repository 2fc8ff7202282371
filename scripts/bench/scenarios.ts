// The six measurements. Each starts the servers it needs as child processes, checks one answer by hand,
// drives them from this process, and stops them again.
import { parseConnectionString } from '@azure/communication-common';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { KeyCredential } from '@azure/core-auth';
import type { Fixture } from '@tpe-elements/dev-tenant';
import { signLikeTheSdk } from './acs-signing.js';
import type { Child, Children } from './children.js';
import { processMeter } from './cpu.js';
import { runLoad, type LoadSettings, type LoadTarget } from './load.js';
import type { Placement } from './placement.js';
import type { ScenarioResult } from './report.js';
import { startFixedJsonServer, startProxy, type DevTenantChild } from './services.js';
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
}

/** What the identity SDK 1.3.1 calls for getTokenForTeamsUser. */
const EXCHANGE_PATH = '/teamsUser/:exchangeAccessToken?api-version=2023-10-01';
const SDK_CALL_TIMEOUT_MS = 10_000;

export async function proxyToDevTenant(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startProxy(ctx.children, 'the proxy (cache off)', ctx.tenant, { TOKEN_CACHE_ENTRIES: '0' }, ctx.placement.proxyAndLoad), async (proxy) => {
    const target = proxyTarget(proxy.url, ctx.entra.token);
    await expectProxyToken(target, 'miss');
    return {
      id: 'a',
      title: '(a) proxy → dev tenant, cache off',
      layout: 'autocannon → proxy → dev tenant',
      measurement: withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid), processMeter('dev tenant', ctx.tenant.pid)]), proxy),
    };
  });
}

export async function proxyToInstantUpstream(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startFixedJsonServer(ctx.children, 'the instant upstream', ctx.placement.upstream), async (upstream) => {
    // Same ACS key and resource id; only the endpoint moves. Entra keys still come from the dev tenant.
    const extra = { TOKEN_CACHE_ENTRIES: '0', ACS_CONNECTION_STRING: `endpoint=${upstream.url}/;accesskey=${ctx.fixture.acs.accessKey}` };
    return withChild(startProxy(ctx.children, 'the proxy (instant upstream, cache off)', ctx.tenant, extra, ctx.placement.proxyAndLoad), async (proxy) => {
      const target = proxyTarget(proxy.url, ctx.entra.token);
      const answered = await expectProxyToken(target, 'miss');
      const fixedToken = ((await (await fetch(upstream.url, { method: 'POST' })).json()) as { token: string }).token;
      if (answered !== fixedToken) throw new Error('the proxy did not hand back the instant upstream token: is it calling the dev tenant instead?');
      return {
        id: 'b',
        title: '(b) proxy → instant upstream, cache off',
        layout: 'autocannon → proxy → fixed server (+ dev tenant keys)',
        measurement: withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid), processMeter('upstream', upstream.pid)]), proxy),
      };
    });
  });
}

export async function proxyCacheHits(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startProxy(ctx.children, 'the proxy (cache on)', ctx.tenant, { TOKEN_CACHE_ENTRIES: '10000' }, ctx.placement.proxyAndLoad), async (proxy) => {
    const target = proxyTarget(proxy.url, ctx.entra.token);
    await expectProxyToken(target, 'miss');
    await expectProxyToken(target, 'hit');
    const measurement = withTail(await runLoad(target, ctx.load, [processMeter('proxy', proxy.pid)]), proxy);
    // One entry, an hour to live and nothing else cached: if the last answer is a hit, all were.
    await expectProxyToken(target, 'hit');
    return { id: 'c', title: '(c) proxy, cache hit', layout: 'autocannon → proxy', measurement };
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

export async function bareServer(ctx: BenchContext): Promise<ScenarioResult> {
  return withChild(startFixedJsonServer(ctx.children, 'the bare server', ctx.placement.upstream), async (server) => {
    const check = await fetch(server.url, { method: 'POST' });
    if (check.status !== 200) throw new Error(`the bare server answered ${check.status}`);
    await check.arrayBuffer();
    return {
      id: 'e',
      title: '(e) bare node:http server',
      layout: 'autocannon → fixed server',
      measurement: withTail(await runLoad({ url: server.url, method: 'POST' }, ctx.load, [processMeter('server', server.pid)]), server),
    };
  });
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
