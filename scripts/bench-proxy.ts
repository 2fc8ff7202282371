// `npm run bench:proxy`: throughput and latency of the token proxy's Teams-user exchange, next to what the
// dev tenant does without the proxy and what this machine does at all. See scripts/bench/ for the parts.
import { cpus } from 'node:os';
import { DEFAULT_FIXTURE_PATH, loadFixture } from '@tpe-elements/dev-tenant';
import { Children } from './bench/children.js';
import { consentTenantWide, teamsPersonaToken } from './bench/dev-tenant-session.js';
import { placement as choosePlacement, type Placement } from './bench/placement.js';
import { judgeTargets, resultsTable, targetsTable, type ScenarioResult } from './bench/report.js';
import { bareServer, directToDevTenant, primeDevTenant, proxyCacheHits, proxyToDevTenant, proxyToInstantUpstream, sdkToDevTenant, type BenchContext } from './bench/scenarios.js';
import { startDevTenant } from './bench/services.js';
import { setting } from './bench/settings.js';

const load = {
  connections: setting('BENCH_CONNECTIONS', 10, 1, 1000),
  durationSeconds: setting('BENCH_DURATION', 5, 1, 600),
  // A fresh proxy process needs some seconds (thousands of exchanges) before V8 has compiled its exchange
  // path: after a 1 s warm-up the measured run is still climbing, and 3 s still leave some 10% on the table.
  warmupSeconds: setting('BENCH_WARMUP', 5, 0, 60),
};
const PRIME_SECONDS = 3;
const sdkCalls = setting('BENCH_SDK_CALLS', 2000, 10, 1_000_000);
let placement: Placement;
try {
  placement = choosePlacement(setting('BENCH_PIN', 0, 0, 1) === 1);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const children = new Children();
// Priming, five autocannon runs, the SDK timing (bounded on its own), and start-ups; beyond that something hangs.
const limitMs = (5 * (load.warmupSeconds + load.durationSeconds + 20) + Math.max(60, load.durationSeconds * 10) + 2 * load.warmupSeconds + PRIME_SECONDS + 120) * 1000;
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

async function run(): Promise<ScenarioResult[]> {
  const fixture = await loadFixture(DEFAULT_FIXTURE_PATH);
  progress('starting the dev tenant …');
  const tenant = await startDevTenant(children, placement.upstream);
  await consentTenantWide(tenant.url);
  const entra = await teamsPersonaToken(tenant.url, fixture);
  const ctx: BenchContext = { children, tenant, fixture, entra, load, sdkCalls, placement };
  progress(`priming the dev tenant for ${PRIME_SECONDS} s …`);
  await primeDevTenant(ctx, PRIME_SECONDS);
  const results: ScenarioResult[] = [];
  for (const [label, scenario] of [
    ['(a) proxy → dev tenant, cache off', proxyToDevTenant],
    ['(b) proxy → instant upstream, cache off', proxyToInstantUpstream],
    ['(c) proxy, cache hit', proxyCacheHits],
    ['(d) direct HMAC POST → dev tenant', directToDevTenant],
    [`(d) reference: ${sdkCalls} SDK calls`, sdkToDevTenant],
    ['(e) bare node:http server', bareServer],
  ] as const) {
    progress(`running ${label} …`);
    results.push(await scenario(ctx));
  }
  return results;
}

try {
  const results = await run();
  console.log(`
Token proxy bench: ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s measured per scenario
Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), all on 127.0.0.1; CPUs ${placement.description}.
Servers (proxy, dev tenant, fixed JSON server) run as child processes (node --import tsx); autocannon and the
SDK reference run in this process. p50/p99 are autocannon's per-response timings; the SDK row times each call.
CPU µs per request: user + system time of each process (all threads) over the measured run / requests.
others: share of all cores used meanwhile by processes outside the bench (noise: above 10% a target is not judged).

${resultsTable(results)}

Targets
${targetsTable(judgeTargets(results))}
`);
  process.exitCode = results.some((r) => r.measurement.failures.length > 0) ? 1 : 0;
} catch (error) {
  console.error(`bench:proxy failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  if (!finishing) await children.stopAll();
}
