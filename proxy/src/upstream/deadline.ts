/** The upstream did not answer before the proxy's deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`No answer within ${ms} ms.`);
    // jose and fetch callers recognise a timeout by this name.
    this.name = 'TimeoutError';
  }
}

/** When each deadline's signal runs out (epoch ms), for policies that plan retries. */
const deadlines = new WeakMap<AbortSignal, number>();

/** The moment `signal` (a Deadline's) runs out, if it is a deadline signal. */
export function deadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal ? deadlines.get(signal) : undefined;
}

/**
 * The proxy's one bound on an upstream wait: its signal aborts `ms` after it starts, or at once when the caller
 * it serves leaves (`abandon`), and everything upstream (the Azure pipeline's attempts and its retry waits, a
 * managed identity's token request, fetch) stops on it. One controller and one plain timer per request, nothing
 * composed: `AbortSignal.any([signal, AbortSignal.timeout(ms)])` is weakly held on Node 20, and after a garbage
 * collection its timeout never fired (0 of 10 in the attack run), leaving upstream calls unbounded.
 * Call `end()` when the work settles, or the timer holds the request's memory until it fires.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    deadlines.set(this.#controller.signal, Date.now() + ms);
    this.#timer = setTimeout(() => this.#controller.abort(new DeadlineExceeded(ms)), ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the time ran out (rather than the caller leaving). */
  get exceeded(): boolean {
    return this.#controller.signal.reason instanceof DeadlineExceeded;
  }

  /** The caller left: nobody waits for the answer any more. */
  abandon(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  end(): void {
    clearTimeout(this.#timer);
  }
}

/**
 * Runs `work` within a Deadline that also follows `callerSignal`, and settles by the deadline even if the work
 * ignores its signal (a fetch of keys, a third-party call): for the paths off the exchange's hot path.
 */
export async function withDeadline<T>(ms: number, callerSignal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new Deadline(ms);
  const followCaller = () => deadline.abandon(callerSignal?.reason);
  if (callerSignal?.aborted) followCaller();
  else callerSignal?.addEventListener('abort', followCaller, { once: true });
  const stopped = new Promise<never>((_resolve, reject) => {
    deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true });
  });
  try {
    return await Promise.race([work(deadline.signal), stopped]);
  } finally {
    deadline.end();
    callerSignal?.removeEventListener('abort', followCaller);
  }
}
