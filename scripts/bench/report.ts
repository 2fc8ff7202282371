import type { UpstreamStats } from './services.js';
import type { Measurement } from './stats.js';

/** (f) is the Azure sample, (g) the no-op pass-through; both next to (b) on the same instant upstream. */
export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'd-sdk' | 'e' | 'f' | 'g';

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** Who generates the load and which processes serve it. */
  layout: string;
  measurement: Measurement;
  /** Resident memory (MiB) of the server under test right after its measured run. */
  rssMiB?: number;
  /** It ran under `node --cpu-prof`, which slows it: its figures are not judged. */
  profiled?: boolean;
  /** What the instant upstream saw meanwhile (warm-up included), where it was the upstream. */
  upstream?: UpstreamStats;
}

export interface Target {
  name: string;
  /** The figures behind the verdict, as a person would check them. */
  detail: string;
  met: boolean | 'not judged' | 'not run';
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

export function resultsTable(results: ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.title,
    r.layout,
    fixed(r.measurement.requestsPerSecond, 0),
    fixed(r.measurement.p50Ms, 2),
    fixed(r.measurement.p99Ms, 2),
    String(r.measurement.count),
    r.measurement.failures.length ? 'FAILED' : 'all 2xx',
    r.rssMiB === undefined ? '' : fixed(r.rssMiB, 0),
    r.measurement.others === undefined ? '?' : `${fixed(r.measurement.others * 100, 0)}%`,
    r.measurement.cpu.map((c) => `${c.label} ${fixed(c.microsPerRequest, 0)}`).join(' · '),
  ]);
  const header = ['scenario', 'load → servers (processes)', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'answers', 'RSS MiB', 'others', 'CPU µs per request'];
  const numeric = new Set([2, 3, 4, 5, 7, 8]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failures = results.flatMap((r) => r.measurement.failures.map((f) => `  FAILURE ${r.title}: ${f}`));
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...failures].join('\n');
}

/** Whether each server in front of the instant upstream kept its connections open: few connections, many exchanges. */
export function upstreamConnectionsTable(results: ScenarioResult[]): string {
  return results
    .flatMap(({ id, upstream }) => (upstream ? [`  (${id}) ${upstream.connections} connections opened for ${upstream.requests} exchanges`] : []))
    .join('\n');
}

/**
 * The CPU each server under test spent per exchange in (b), (f) and (g): what the throughput targets ask, in a
 * form a busy neighbour moves less (it slows every process, but each still pays its own CPU per exchange).
 */
export function cpuPerExchange(results: ScenarioResult[]): string {
  const own = (id: ScenarioId) => results.find((r) => r.id === id && !r.measurement.failures.length)?.measurement.cpu[0];
  const proxy = own('b');
  if (!proxy) return '  (b) failed or did not run';
  const line = (id: ScenarioId, what: string) => {
    const other = own(id);
    return other ? `  (${id}) ${other.label} ${fixed(other.microsPerRequest, 0)} µs: the proxy spends ${fixed(proxy.microsPerRequest / other.microsPerRequest, 2)}× ${what}` : `  (${id}) not run or failed`;
  };
  return [`  (b) proxy ${fixed(proxy.microsPerRequest, 0)} µs`, line('f', "the Azure sample's"), line('g', "the pass-through's")].join('\n');
}

/** Above this share of the machine used by other processes, a comparison says more about them than us. */
const NOISE_LIMIT = 0.1;

/**
 * The targets, each judged only when the scenarios it compares had nothing but 2xx answers, ran without a
 * profiler, and the machine was not busy with other work meanwhile. A comparison with the Azure sample is
 * "not run" when it was not installed (BENCH_SAMPLE_DIR).
 */
export function judgeTargets(results: ScenarioResult[]): Target[] {
  const get = (id: ScenarioId) => results.find((r) => r.id === id);
  const judge = (
    name: string,
    ids: [ScenarioId, ScenarioId],
    verdict: (x: ScenarioResult, y: ScenarioResult) => { detail: string; met: boolean },
    { noiseMatters = true } = {},
  ): Target => {
    const [x, y] = ids.map(get);
    if (!x || !y) {
      const missing = !x ? ids[0] : ids[1];
      return { name, detail: missing === 'f' ? 'the Azure sample is not installed (BENCH_SAMPLE_DIR)' : `(${missing}) did not run`, met: missing === 'f' ? 'not run' : 'not judged' };
    }
    if (x.measurement.failures.length || y.measurement.failures.length || !x.measurement.count || !y.measurement.count) {
      return { name, detail: `(${ids[0]}) or (${ids[1]}) failed`, met: 'not judged' };
    }
    const { detail, met } = verdict(x, y);
    const profiled = [x, y].filter((r) => r.profiled);
    if (profiled.length) return { name, detail: `${detail}; (${profiled.map((r) => r.id).join(', ')}) ran under --cpu-prof`, met: 'not judged' };
    const busy = noiseMatters ? [x, y].filter((r) => (r.measurement.others ?? 0) > NOISE_LIMIT) : [];
    if (busy.length) {
      const during = busy.map((r) => `${fixed(r.measurement.others! * 100, 0)}% during (${r.id})`).join(', ');
      return { name, detail: `${detail}; other processes used ${during}: run again`, met: 'not judged' };
    }
    return { name, detail, met };
  };
  const throughputShare = (minimum: number) => (x: ScenarioResult, y: ScenarioResult) => {
    const share = x.measurement.requestsPerSecond / y.measurement.requestsPerSecond;
    return { detail: `${fixed(x.measurement.requestsPerSecond, 0)} / ${fixed(y.measurement.requestsPerSecond, 0)} req/s = ${fixed(share, 2)}×`, met: share >= minimum };
  };
  return [
    judge('(b) ≥ 3 × (f) throughput (proxy vs the Azure sample)', ['b', 'f'], throughputShare(3)),
    // Memory after the same load does not move with a busy neighbour the way throughput does.
    judge(
      '(b) RSS ≤ (f) RSS (proxy vs the Azure sample)',
      ['b', 'f'],
      (b, f) => {
        if (b.rssMiB === undefined || f.rssMiB === undefined) return { detail: 'RSS could not be read (/proc)', met: false };
        return { detail: `${fixed(b.rssMiB, 0)} MiB vs ${fixed(f.rssMiB, 0)} MiB`, met: b.rssMiB <= f.rssMiB };
      },
      { noiseMatters: false },
    ),
    judge('(b) ≥ 0.5 × (g) throughput (proxy vs a no-op pass-through)', ['b', 'g'], throughputShare(0.5)),
    judge('(a) ≥ 90% of (d) throughput', ['a', 'd'], (a, d) => {
      const share = a.measurement.requestsPerSecond / d.measurement.requestsPerSecond;
      return { detail: `${fixed(a.measurement.requestsPerSecond, 0)} / ${fixed(d.measurement.requestsPerSecond, 0)} req/s = ${fixed(share * 100, 1)}%`, met: share >= 0.9 };
    }),
    judge('(a) p99 − (d) p99 < 3 ms', ['a', 'd'], (a, d) => {
      const added = a.measurement.p99Ms - d.measurement.p99Ms;
      return { detail: `${fixed(a.measurement.p99Ms, 2)} − ${fixed(d.measurement.p99Ms, 2)} = ${fixed(added, 2)} ms`, met: added < 3 };
    }),
  ];
}

export function targetsTable(targets: Target[]): string {
  const nameWidth = Math.max(...targets.map((t) => t.name.length));
  const detailWidth = Math.max(...targets.map((t) => t.detail.length));
  return targets.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.detail.padEnd(detailWidth)}  ${t.met === true ? 'met' : t.met === false ? 'MISSED' : t.met}`).join('\n');
}
