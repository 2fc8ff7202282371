/** The upstream did not answer before the proxy's deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${ms} ms.`);
    // jose and fetch callers recognise a timeout by this name.
    this.name = 'TimeoutError';
  }
}

/** When each deadline signal handed out by withDeadline runs out (epoch ms), for policies that plan retries. */
const deadlines = new WeakMap<AbortSignal, number>();

/** The moment `signal` (one handed to withDeadline's work) runs out, if it is a deadline signal. */
export function deadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal ? deadlines.get(signal) : undefined;
}

/**
 * Runs `work` with a signal that aborts when the caller's does or `ms` after the start, and settles by then
 * even if the work ignores its signal. The deadline is a plain timer held by this call and cleared when the
 * work settles: `AbortSignal.any([signal, AbortSignal.timeout(ms)])` is weakly held on Node 20, and after a
 * garbage collection its timeout never fires (0 of 10 in the attack run), leaving upstream calls unbounded.
 */
export async function withDeadline<T>(ms: number, callerSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  deadlines.set(controller.signal, Date.now() + ms);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineExceeded(ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  const followCaller = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) followCaller();
  else callerSignal?.addEventListener('abort', followCaller, { once: true });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', followCaller);
  }
}
