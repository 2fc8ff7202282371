// Optional CPU pinning (BENCH_PIN=1): the upstream (dev tenant or fixed server) gets the last core to
// itself, as ACS runs on its own hardware; the proxy and the load generator share the others.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Placement {
  /** taskset CPU list for the upstream servers; undefined when not pinned. */
  upstream?: string;
  /** taskset CPU list for the proxy (the bench process itself is pinned there too). */
  proxyAndLoad?: string;
  description: string;
}

export function placement(pin: boolean): Placement {
  if (!pin) return { description: 'not pinned (BENCH_PIN=1 gives the upstream a core of its own)' };
  const cores = availableParallelism();
  if (process.platform !== 'linux' || cores < 2) throw new Error('BENCH_PIN=1 needs Linux, taskset and at least 2 cores.');
  const upstream = String(cores - 1);
  const proxyAndLoad = cores === 2 ? '0' : `0-${cores - 2}`;
  try {
    // -a: every thread of this process (the libuv pool included); threads started later inherit it.
    execFileSync('taskset', ['-a', '-p', '-c', proxyAndLoad, String(process.pid)], { stdio: 'ignore' });
  } catch {
    throw new Error('BENCH_PIN=1 needs the taskset command (util-linux).');
  }
  return { upstream, proxyAndLoad, description: `pinned: dev tenant and fixed server on ${upstream}, proxy and this process on ${proxyAndLoad}` };
}
