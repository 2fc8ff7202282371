// The figures of `npm run bench:soak`: status time and stuck spells from the page's log of status changes,
// the heap's trend as a least-squares slope, and the short table printed at the end.
import type { SoakStatusChange } from './soak-in-page.js';

/** How long a status may last before the soak calls it stuck; `error` is stuck at once. */
export const STUCK_AFTER_MS: Record<string, number> = { connecting: 90_000, reconnecting: 90_000, error: 0 };

export interface StatusSpell {
  status: string;
  fromMs: number;
  ms: number;
  reason?: string;
}

/** The spells between `startMs` and `endMs` (page clock), the status before the first change counting as `initial`. */
export function spells(changes: SoakStatusChange[], initial: string, startMs: number, endMs: number): StatusSpell[] {
  const out: StatusSpell[] = [];
  let status = initial;
  let from = startMs;
  let reason: string | undefined;
  for (const change of changes) {
    if (change.at < startMs) {
      status = change.status;
      continue;
    }
    out.push({ status, fromMs: from, ms: change.at - from, ...(reason ? { reason } : {}) });
    status = change.status;
    reason = change.reason;
    from = change.at;
  }
  out.push({ status, fromMs: from, ms: Math.max(0, endMs - from), ...(reason ? { reason } : {}) });
  return out.filter((s) => s.ms > 0 || s.status === 'error');
}

export function timeByStatus(all: StatusSpell[]): Map<string, { ms: number; spells: number; longestMs: number }> {
  const by = new Map<string, { ms: number; spells: number; longestMs: number }>();
  for (const spell of all) {
    const entry = by.get(spell.status) ?? { ms: 0, spells: 0, longestMs: 0 };
    entry.ms += spell.ms;
    entry.spells += 1;
    entry.longestMs = Math.max(entry.longestMs, spell.ms);
    by.set(spell.status, entry);
  }
  return by;
}

export function stuck(all: StatusSpell[]): StatusSpell[] {
  return all.filter((s) => s.status in STUCK_AFTER_MS && s.ms >= STUCK_AFTER_MS[s.status]!);
}

/** Least-squares slope of y over x (0 with fewer than two points). */
export function slope(points: Array<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface SoakFigures {
  minutes: number;
  seed: number;
  acsTokenSeconds: number;
  /** What the shift threw at the phone; nobody touched it in between. */
  disruptions: { outages: number; outageSeconds: number; forgets: number; networkDrops: number; networkSeconds: number; stalls: number; frozenPages: number };
  tokenRenewals: number;
  registrations: number;
  rings: { sent: number; seen: number; connected: number; missed: number; farEndOutcomes: Record<string, number> };
  statuses: Map<string, { ms: number; spells: number; longestMs: number }>;
  stuck: StatusSpell[];
  heap: { minute: number; kb: number }[];
  heapSlopeKbPerMin: number;
  notes: string[];
}

/** "Flat" is a judgement, not a test: within 1% of the first sample per minute, or 100 KB/min, whichever is larger. */
export function heapVerdict(f: SoakFigures): string {
  const first = f.heap[0]?.kb ?? 0;
  const bound = Math.max(100, first * 0.01);
  if (f.heap.length < 3) return 'too few samples to judge';
  return Math.abs(f.heapSlopeKbPerMin) <= bound ? `flat (|slope| ≤ ${Math.round(bound)} KB/min)` : `growing (slope > ${Math.round(bound)} KB/min)`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function soakTable(f: SoakFigures): string {
  const rows: Array<[string, string]> = [
    ['shift', `${f.minutes} min, seed ${f.seed}, ACS tokens of ${f.acsTokenSeconds} s`],
    ['disruptions', `${f.disruptions.outages} outages (${f.disruptions.outageSeconds} s in all), ${f.disruptions.forgets} forget-registrations`],
    ['', `${f.disruptions.networkDrops} network drops (${f.disruptions.networkSeconds} s in all), ${f.disruptions.stalls} stalled streams, ${f.disruptions.frozenPages} pages not running for 3 s`],
    ['person needed', 'never: nobody touched the phone during the shift'],
    ['token renewals', `${f.tokenRenewals} (over ${f.registrations} registrations)`],
    ['rings sent / seen / connected', `${f.rings.sent} / ${f.rings.seen} / ${f.rings.connected}`],
    ['missed rings (sent − seen)', String(f.rings.missed)],
    ['far end outcomes', Object.entries(f.rings.farEndOutcomes).map(([k, v]) => `${k} ×${v}`).join(', ') || '—'],
  ];
  for (const [status, t] of [...f.statuses].sort((a, b) => b[1].ms - a[1].ms)) {
    rows.push([`time ${status}`, `${seconds(t.ms)} in ${t.spells} spell(s), longest ${seconds(t.longestMs)}`]);
  }
  rows.push(['stuck', f.stuck.length ? f.stuck.map((s) => `${s.status} ${seconds(s.ms)} at +${seconds(s.fromMs)}${s.reason ? ` (${s.reason})` : ''}`).join('; ') : 'none']);
  rows.push(['heap samples (KB)', f.heap.map((h) => `${h.minute.toFixed(1)}′ ${Math.round(h.kb)}`).join(', ')]);
  rows.push(['heap slope', `${f.heapSlopeKbPerMin.toFixed(1)} KB/min: ${heapVerdict(f)}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  if (f.notes.length) lines.push('', 'notes:', ...f.notes.map((n) => `  - ${n}`));
  return ['bench:soak', ...lines].join('\n');
}
