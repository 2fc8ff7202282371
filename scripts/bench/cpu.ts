// CPU time per request of each process in a scenario: which one is the bottleneck on a shared machine.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CpuMeter {
  /** Short name for the table: "proxy", "dev tenant", "bench". */
  label: string;
  /** CPU time (user + system, all threads) used so far, in ms; undefined when it cannot be read. */
  read(): number | undefined;
}

export interface CpuShare {
  label: string;
  microsPerRequest: number;
}

let clockTicksPerSecond: number | undefined;
function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** Another process's CPU time from /proc/<pid>/stat (Linux only), including its libuv thread pool. */
export function processMeter(label: string, pid: number): CpuMeter {
  return {
    label,
    read() {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after "(comm)" start at field 3; utime and stime are fields 14 and 15.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
      } catch {
        return undefined;
      }
    },
  };
}

/** This process: autocannon (or the SDK under test) and nothing else while a scenario runs. */
export const benchMeter: CpuMeter = {
  label: 'bench',
  read() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

export interface Metered<T> {
  result: T;
  cpuMs: { label: string; ms: number | undefined }[];
  /** Share of the machine's capacity used by processes not metered here (0.25 = a quarter of all cores). */
  others: number | undefined;
}

/** Runs `work` and returns how much CPU each metered process, and everything else, spent meanwhile. */
export async function metered<T>(meters: CpuMeter[], work: () => Promise<T>): Promise<Metered<T>> {
  const before = meters.map((m) => m.read());
  const othersSince = watchOthers();
  const result = await work();
  const cpuMs = meters.map((m, i) => {
    const start = before[i];
    const end = m.read();
    return { label: m.label, ms: start === undefined || end === undefined ? undefined : end - start };
  });
  const others = othersSince(cpuMs.reduce((sum, { ms }) => sum + (ms ?? 0), 0));
  return { result, cpuMs, others };
}

export function perRequest(cpuMs: { label: string; ms: number | undefined }[], requests: number): CpuShare[] {
  if (requests === 0) return [];
  return cpuMs.flatMap(({ label, ms }) => (ms === undefined ? [] : [{ label, microsPerRequest: (ms * 1000) / requests }]));
}

/** The whole machine's CPU time so far (ms, all cores): busy and in total, from /proc/stat (Linux only). */
function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: (busy * 1000) / ticksPerSecond(), total: ((busy + idle + iowait) * 1000) / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

/**
 * Starts watching the machine; the returned function tells what share of its capacity (all cores) went to
 * processes other than `ours` since then: a busy neighbour makes every figure of that run lower.
 */
export function watchOthers(): (oursMs: number) => number | undefined {
  const start = machineCpuMs();
  return (oursMs) => {
    const end = machineCpuMs();
    if (!start || !end || end.total <= start.total) return undefined;
    return Math.max(0, (end.busy - start.busy - oursMs) / (end.total - start.total));
  };
}
