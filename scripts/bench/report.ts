import type { Measurement } from './stats.js';

export type ScenarioId = 'a' | 'b' | 'c' | 'd' | 'd-sdk' | 'e';

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** Who generates the load and which processes serve it. */
  layout: string;
  measurement: Measurement;
}

export interface Target {
  name: string;
  /** The figures behind the verdict, as a person would check them. */
  detail: string;
  met: boolean | 'not judged';
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
    r.measurement.others === undefined ? '?' : `${fixed(r.measurement.others * 100, 0)}%`,
    r.measurement.cpu.map((c) => `${c.label} ${fixed(c.microsPerRequest, 0)}`).join(' · '),
  ]);
  const header = ['scenario', 'load → servers (processes)', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'answers', 'others', 'CPU µs per request'];
  const numeric = new Set([2, 3, 4, 5, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const failures = results.flatMap((r) => r.measurement.failures.map((f) => `  FAILURE ${r.title}: ${f}`));
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...failures].join('\n');
}

/** Above this share of the machine used by other processes, a comparison says more about them than us. */
const NOISE_LIMIT = 0.1;

/**
 * The three targets, each judged only when the scenarios it compares had nothing but 2xx answers and the
 * machine was not busy with other work meanwhile.
 */
export function judgeTargets(results: ScenarioResult[]): Target[] {
  const get = (id: ScenarioId) => results.find((r) => r.id === id);
  const judge = (name: string, ids: [ScenarioId, ScenarioId], verdict: (x: Measurement, y: Measurement) => { detail: string; met: boolean }): Target => {
    const [x, y] = ids.map(get);
    if (!x || !y || x.measurement.failures.length || y.measurement.failures.length || !x.measurement.count || !y.measurement.count) {
      return { name, detail: `(${ids[0]}) or (${ids[1]}) failed`, met: 'not judged' };
    }
    const { detail, met } = verdict(x.measurement, y.measurement);
    const busy = [x, y].filter((r) => (r.measurement.others ?? 0) > NOISE_LIMIT);
    if (busy.length) {
      const during = busy.map((r) => `${fixed(r.measurement.others! * 100, 0)}% during (${r.id})`).join(', ');
      return { name, detail: `${detail}; other processes used ${during}: run again`, met: 'not judged' };
    }
    return { name, detail, met };
  };
  return [
    judge('(b) ≥ 30% of (e) throughput', ['b', 'e'], (b, e) => {
      const share = b.requestsPerSecond / e.requestsPerSecond;
      return { detail: `${fixed(b.requestsPerSecond, 0)} / ${fixed(e.requestsPerSecond, 0)} req/s = ${fixed(share * 100, 1)}%`, met: share >= 0.3 };
    }),
    judge('(a) ≥ 90% of (d) throughput', ['a', 'd'], (a, d) => {
      const share = a.requestsPerSecond / d.requestsPerSecond;
      return { detail: `${fixed(a.requestsPerSecond, 0)} / ${fixed(d.requestsPerSecond, 0)} req/s = ${fixed(share * 100, 1)}%`, met: share >= 0.9 };
    }),
    judge('(a) p99 − (d) p99 < 3 ms', ['a', 'd'], (a, d) => {
      const added = a.p99Ms - d.p99Ms;
      return { detail: `${fixed(a.p99Ms, 2)} − ${fixed(d.p99Ms, 2)} = ${fixed(added, 2)} ms`, met: added < 3 };
    }),
  ];
}

export function targetsTable(targets: Target[]): string {
  const nameWidth = Math.max(...targets.map((t) => t.name.length));
  const detailWidth = Math.max(...targets.map((t) => t.detail.length));
  return targets.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.detail.padEnd(detailWidth)}  ${t.met === true ? 'met' : t.met === false ? 'MISSED' : 'not judged'}`).join('\n');
}
