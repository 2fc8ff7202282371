import { benchMeter, metered, perRequest, type CpuMeter } from './cpu.js';
import { percentile, sorted, type Measurement } from './stats.js';

export interface TimedCallsOptions {
  /** How many calls; `Infinity` to call until `maxDurationMs` (a warm-up). */
  total: number;
  concurrency: number;
  /** Each call is aborted after this long. */
  callTimeoutMs: number;
  /** No new call starts after this long; a finite `total` not reached by then is reported as a failure. */
  maxDurationMs: number;
  /** Stop early after this many failed calls. */
  maxFailures: number;
}

/**
 * Runs `call` `total` times, `concurrency` at a time (as autocannon keeps N connections busy), and reports
 * completed calls per second of wall time, the p50/p99 of each call's own duration, and the CPU per call of
 * this process and of `servers`.
 */
export async function timeCalls(call: (signal: AbortSignal) => Promise<unknown>, options: TimedCallsOptions, servers: CpuMeter[] = []): Promise<Measurement> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let failed = 0;
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < options.total && failed < options.maxFailures && performance.now() - begin < options.maxDurationMs) {
      started++;
      const t0 = performance.now();
      try {
        await call(AbortSignal.timeout(options.callTimeoutMs));
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        const what = (error as { statusCode?: number; code?: string; message?: string }).statusCode ?? (error as Error).name;
        failures.set(String(what), (failures.get(String(what)) ?? 0) + 1);
      }
    }
  };
  const { cpuMs, others } = await metered([...servers, benchMeter], () => Promise.all(Array.from({ length: options.concurrency }, worker)));
  const seconds = (performance.now() - begin) / 1000;
  const ascending = sorted(latencies);
  const problems = [...failures].map(([what, count]) => `${count} failed calls (${what})`);
  if (Number.isFinite(options.total) && latencies.length + failed < options.total) {
    problems.push(`only ${latencies.length + failed} of ${options.total} calls made (time limit or too many failures)`);
  }
  return {
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(ascending, 0.5),
    p99Ms: percentile(ascending, 0.99),
    count: latencies.length,
    failures: problems,
    cpu: perRequest(cpuMs, latencies.length + failed),
    others,
  };
}
