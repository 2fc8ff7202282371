// autocannon, used programmatically: one warm-up, one measured run, and only 2xx answers counted as success.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { benchMeter, metered, perRequest, type CpuMeter } from './cpu.js';
import { percentile, sorted, type Measurement } from './stats.js';

/** The part of autocannon's options and results the bench uses (the package ships no types). */
interface AutocannonOptions {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  /** Seconds before a request counts as a timeout. */
  timeout: number;
  /** Stop after this many errors (connection errors, timeouts). */
  bailout: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

type AutocannonInstance = EventEmitter & PromiseLike<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => AutocannonInstance;

export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

const REQUEST_TIMEOUT_SECONDS = 10;
const BAILOUT_ERRORS = 100;

/**
 * Drives `target` for the warm-up, then, in a second autocannon run on fresh connections, for the measured
 * duration, metering the CPU of this process and of `servers` over the measured run only. Throughput is
 * autocannon's mean of its per-second samples; p50/p99 come from autocannon's own per-response timings
 * (hrtime, so sub-millisecond), because its histogram keeps whole milliseconds only, too coarse for a 3 ms
 * budget.
 */
export async function runLoad(target: LoadTarget, settings: LoadSettings, servers: CpuMeter[]): Promise<Measurement> {
  const options = { ...target, connections: settings.connections, timeout: REQUEST_TIMEOUT_SECONDS, bailout: BAILOUT_ERRORS };
  const failures: string[] = [];
  if (settings.warmupSeconds > 0) {
    const warmup = await autocannon({ ...options, duration: settings.warmupSeconds });
    failures.push(...failuresOf(warmup, 'warm-up'));
  }
  const latencies: number[] = [];
  const { result, cpuMs, others } = await metered([...servers, benchMeter], async () => {
    const instance = autocannon({ ...options, duration: settings.durationSeconds });
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
    return await instance;
  });
  const ascending = sorted(latencies);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(ascending, 0.5),
    p99Ms: percentile(ascending, 0.99),
    count: latencies.length,
    failures: [...failuresOf(result, 'measured run'), ...failures],
    cpu: perRequest(cpuMs, result.requests.total),
    others,
  };
}

function failuresOf(result: AutocannonResult, phase: string): string[] {
  const failures: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}: ${count}`);
    failures.push(`${phase}: ${result.non2xx} non-2xx (${codes.join(', ')})`);
  }
  if (result.errors > 0) failures.push(`${phase}: ${result.errors} errors (${result.timeouts} of them timeouts)`);
  return failures;
}
