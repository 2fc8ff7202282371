import type { CpuShare } from './cpu.js';

/** What one scenario measured: throughput, latency percentiles (ms) and anything that was not a 2xx. */
export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Successful (2xx) responses measured, warm-up excluded. */
  count: number;
  /** Empty when every response was a 2xx; otherwise what went wrong ("12 non-2xx (503: 12)"). */
  failures: string[];
  /** CPU time each process spent per measured request (absent where it could not be read). */
  cpu: CpuShare[];
  /** Share of the machine's CPU capacity that processes outside the bench used meanwhile (noise). */
  others?: number;
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Ascending copy as a typed array, so a sort of 100k samples is numeric and quick. */
export function sorted(samples: readonly number[]): Float64Array {
  return Float64Array.from(samples).sort();
}
