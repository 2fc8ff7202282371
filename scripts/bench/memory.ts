// Resident memory of a server under test, read once its measured run is over.
import { readFileSync } from 'node:fs';

/** VmRSS of `pid` in MiB, from /proc (Linux only); undefined when it cannot be read. */
export function residentMiB(pid: number): number | undefined {
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}
