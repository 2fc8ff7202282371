// `npm run bench:proxy`: throughput and latency of the token proxy's Teams-user exchange (built, on plain
// node), next to the Azure sample token server and a no-op pass-through on the same instant upstream, what the
// dev tenant does without the proxy and what this machine does at all. See scripts/bench/ for the parts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_FIXTURE_PATH, loadFixture } from '@tpe-elements/dev-tenant';
// The dev tenant's throw-away loopback certificate, made the same way for the instant upstream.
import { createLoopbackTls } from '../dev-tenant/src/loopback-tls.js';
import { Children } from './bench/children.js';
import { topSelfTime } from './bench/cpu-profile.js';
import { consentTenantWide, passwordGrantToken, teamsPersonaToken } from './bench/dev-tenant-session.js';
import { assertSampleInstalled, SAMPLE_INSTALL_HINT } from './bench/hero-sample.js';
import { placement as choosePlacement, type Placement } from './bench/placement.js';
import { cpuPerExchange, judgeTargets, resultsTable, targetsTable, upstreamConnectionsTable, type ScenarioResult } from './bench/report.js';
import {
  bareServer,
  directToDevTenant,
  passThroughToInstantUpstream,
  primeDevTenant,
  proxyCacheHits,
  proxyToDevTenant,
  proxyToInstantUpstream,
  sampleToInstantUpstream,
  sdkToDevTenant,
  type BenchContext,
} from './bench/scenarios.js';
import { buildProxy, instantUpstreamToken, startDevTenant, startFixedJsonServer } from './bench/services.js';
import { portSetting, setting } from './bench/settings.js';

const load = {
  connections: setting('BENCH_CONNECTIONS', 10, 1, 1000),
  durationSeconds: setting('BENCH_DURATION', 5, 1, 600),
  // A fresh proxy process needs some seconds (thousands of exchanges) before V8 has compiled its exchange
  // path: after a 1 s warm-up the measured run is still climbing, and 3 s still leave some 10% on the table.
  warmupSeconds: setting('BENCH_WARMUP', 5, 0, 60),
};
const PRIME_SECONDS = 3;
const sdkCalls = setting('BENCH_SDK_CALLS', 2000, 10, 1_000_000);
const ports = {
  devTenant: portSetting('BENCH_DEV_TENANT_PORT'),
  upstream: portSetting('BENCH_UPSTREAM_PORT'),
  proxy: portSetting('BENCH_PROXY_PORT'),
  sample: portSetting('BENCH_SAMPLE_PORT'),
  passThrough: portSetting('BENCH_PASSTHROUGH_PORT'),
  bare: portSetting('BENCH_BARE_PORT'),
};
const sampleDir = process.env.BENCH_SAMPLE_DIR?.trim() ? resolve(process.env.BENCH_SAMPLE_DIR.trim()) : undefined;
/** BENCH_ONLY=b,g runs just those rows (to iterate on one); the targets whose rows are missing say "not run". */
const only = process.env.BENCH_ONLY?.trim() ? new Set(process.env.BENCH_ONLY.split(',').map((id) => id.trim())) : undefined;
const cpuProfileDir = process.env.BENCH_CPU_PROFILE_DIR?.trim() ? resolve(process.env.BENCH_CPU_PROFILE_DIR.trim()) : undefined;
let placement: Placement;
try {
  placement = choosePlacement(setting('BENCH_PIN', 0, 0, 1) === 1);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const children = new Children();
// The build, priming, seven autocannon runs, the SDK timing (bounded on its own), and start-ups; beyond that something hangs.
const limitMs = (7 * (load.warmupSeconds + load.durationSeconds + 20) + Math.max(60, load.durationSeconds * 10) + 2 * load.warmupSeconds + PRIME_SECONDS + 120) * 1000;
let finishing = false;
async function abandon(reason: string, exitCode: number): Promise<void> {
  if (finishing) return;
  finishing = true;
  console.error(`\nbench:proxy ${reason}; stopping the servers it started.`);
  await children.stopAll();
  process.exit(exitCode);
}
process.once('SIGINT', () => void abandon('was interrupted', 130));
process.once('SIGTERM', () => void abandon('was terminated', 143));
const watchdog = setTimeout(() => void abandon(`took longer than ${Math.round(limitMs / 1000)} s`, 1), limitMs);
watchdog.unref();

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** A throw-away certificate for the instant upstream, which the proxy, the sample and the pass-through trust. */
async function upstreamTls(dir: string) {
  const { key, cert } = createLoopbackTls();
  const files = { keyFile: join(dir, 'upstream-key.pem'), certFile: join(dir, 'upstream-cert.pem') };
  await writeFile(files.keyFile, key, { mode: 0o600 });
  await writeFile(files.certFile, cert);
  return { ...files, cert };
}

async function run(tlsDir: string): Promise<ScenarioResult[]> {
  if (sampleDir) assertSampleInstalled(sampleDir);
  progress('building the proxy (npm run build -w proxy) …');
  await buildProxy();
  const fixture = await loadFixture(DEFAULT_FIXTURE_PATH);
  progress('starting the dev tenant and the instant upstream …');
  const tenant = await startDevTenant(children, placement.upstream, ports.devTenant);
  const tls = await upstreamTls(tlsDir);
  const upstream = await startFixedJsonServer(children, 'the instant upstream', ports.upstream, placement.upstream, tls);
  await consentTenantWide(tenant.url);
  const entra = await teamsPersonaToken(tenant.url, fixture);
  const sample = sampleDir && { dir: sampleDir, apiToken: (await passwordGrantToken(tenant.url, fixture, `${fixture.apps.ccaasClient.identifierUri}/access_as_user`)).token };
  const ctx: BenchContext = {
    ...{ children, tenant, fixture, entra, load, sdkCalls, placement, ports, cpuProfileDir },
    ...{ upstream, upstreamCaFile: tls.certFile, upstreamCa: tls.cert, upstreamToken: await instantUpstreamToken(upstream.url, tls.cert), sample: sample || undefined },
  };
  progress(`priming the dev tenant for ${PRIME_SECONDS} s …`);
  await primeDevTenant(ctx, PRIME_SECONDS);
  const results: ScenarioResult[] = [];
  for (const [label, scenario] of [
    ['(a) proxy → dev tenant, cache off', proxyToDevTenant],
    ['(b) proxy → instant upstream, cache off', proxyToInstantUpstream],
    ...(sample ? [['(f) Azure sample → instant upstream', sampleToInstantUpstream] as const] : []),
    ['(g) no-op pass-through → instant upstream', passThroughToInstantUpstream],
    ['(c) proxy, cache hit', proxyCacheHits],
    ['(d) direct HMAC POST → dev tenant', directToDevTenant],
    [`(d) reference: ${sdkCalls} SDK calls`, sdkToDevTenant],
    ['(e) bare node:http server', bareServer],
  ] as const) {
    if (only && !only.has(/^\((\w)\)/.exec(label)![1]!)) continue;
    progress(`running ${label} …`);
    results.push(await scenario(ctx));
  }
  return results;
}

const tlsDir = await mkdtemp(join(tmpdir(), 'bench-proxy-'));
try {
  const results = await run(tlsDir);
  const profile = cpuProfileDir ? `\n(b)'s proxy ran under --cpu-prof (profile in ${cpuProfileDir}); its top self time:\n${await topSelfTime(cpuProfileDir, 15)}\n` : '';
  console.log(`
Token proxy bench: ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s measured per scenario
Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), all on 127.0.0.1; CPUs ${placement.description}.
Servers run as child processes: the proxy from its build (node proxy/dist/main.js), the Azure sample from its
build (node build/server.js, NODE_ENV=production), the dev tenant, fixed servers and pass-through with
node --import tsx. The instant upstream speaks https (a certificate made for this run), as ACS does, to the
proxy, the sample and the pass-through alike. autocannon and the SDK reference run in this process.
p50/p99 are autocannon's per-response timings; the SDK row times each call.
RSS MiB: resident memory of the server under test right after its measured run.
CPU µs per request: user + system time of each process (all threads) over the measured run / requests.
others: share of all cores used meanwhile by processes outside the bench (noise: above 10% a throughput target is not judged).
${sampleDir ? '' : `\n${SAMPLE_INSTALL_HINT}\n`}
${resultsTable(results)}

The instant upstream, warm-up and measured run (${load.connections} connections of load: a server that keeps its connections opens about as many):
${upstreamConnectionsTable(results)}

Targets
${targetsTable(judgeTargets(results))}

CPU per exchange of the server under test, which neighbours move less than throughput (not a target):
${cpuPerExchange(results)}
${profile}`);
  process.exitCode = results.some((r) => r.measurement.failures.length > 0) ? 1 : 0;
} catch (error) {
  console.error(`bench:proxy failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  if (!finishing) await children.stopAll();
  await rm(tlsDir, { recursive: true, force: true });
}
