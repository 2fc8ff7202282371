import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full garbage collection now, with or without --expose-gc on the command line. */
export function forceGc(): void {
  if (typeof globalThis.gc === 'function') return void globalThis.gc();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
