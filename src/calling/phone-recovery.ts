import { retryDelaySeconds, timerScheduler, type RetryScheduler } from '../consent/busy-retry.js';

/** Failures that time (or the network coming back) can fix; anything else needs a person and is left to them. */
const RECOVERABLE: ReadonlySet<string> = new Set(['service-busy', 'network', 'token-expired', 'calling-failed']);
/** Reconnecting longer than this is not a blip: the phone is built again (fresh token, new registration). */
export const RECONNECT_BOUND_MS = 60_000;
/** The drift check's period; a tick this much later than due means the page did not run (sleep, frozen tab). */
const TICK_MS = 5_000;
const DRIFT_MS = 15_000;

export interface RecoveryHooks {
  /** Builds the phone again: a fresh token, a new registration. Resolves once it is online or has failed again. */
  rebuild(): Promise<void>;
  /** Something the agent sees changed (the next attempt's time, the network). */
  changed(): void;
}

export function isRecoverable(code: string | undefined): boolean {
  return code !== undefined && RECOVERABLE.has(code);
}

/**
 * Keeps an online phone online without a person: after a failure that time can fix, it tries again with back-off
 * (the service's `Retry-After` first, else 2, 4, 8… s, never more than 2 min, for as long as the agent stays
 * online); a phone stuck reconnecting past RECONNECT_BOUND_MS is built again; and when the page comes back from
 * not running (the machine slept, the tab was frozen: a late timer or `resume`) or the network is back, the
 * pending attempt runs at once. `dispose()` (going offline) stops every wait.
 */
export class PhoneRecovery {
  /** When the next automatic attempt runs (ms since epoch), while one is pending. */
  nextAttemptAt?: number;
  #attempt = 0;
  #wait?: AbortController;
  #reconnectingTimer?: ReturnType<typeof setTimeout>;
  #lastTick = Date.now();
  readonly #tick: ReturnType<typeof setInterval>;
  readonly #onOnline = () => this.#wake();
  readonly #onOffline = () => this.hooks.changed();
  readonly #onResume = () => this.#wake();

  constructor(
    private readonly hooks: RecoveryHooks,
    private readonly schedule: RetryScheduler = timerScheduler,
  ) {
    addEventListener('online', this.#onOnline);
    addEventListener('offline', this.#onOffline);
    document.addEventListener('resume', this.#onResume);
    this.#tick = setInterval(() => {
      const now = Date.now();
      const late = now - this.#lastTick - TICK_MS;
      this.#lastTick = now;
      if (late > DRIFT_MS) this.#wake();
    }, TICK_MS);
  }

  /** The phone failed with `code`: tries again later if time can fix it; says whether it will. */
  failed(code: string | undefined, retryAfterSeconds?: number): boolean {
    if (!isRecoverable(code)) return false;
    this.#attempt += 1;
    const delayMs = retryDelaySeconds(retryAfterSeconds, this.#attempt) * 1000;
    this.#later(delayMs);
    return true;
  }

  /** The phone is online: the next failure starts the back-off afresh. */
  succeeded(): void {
    this.#attempt = 0;
    this.#cancel();
    this.reconnecting(false);
  }

  /** The phone says reconnecting (or no longer does): past the bound, it is built again. */
  reconnecting(on: boolean): void {
    clearTimeout(this.#reconnectingTimer);
    this.#reconnectingTimer = on ? setTimeout(() => void this.#run(), RECONNECT_BOUND_MS) : undefined;
  }

  /** A person tries now: the pending attempt is theirs. */
  cancel(): void {
    this.#cancel();
  }

  dispose(): void {
    this.#cancel();
    clearTimeout(this.#reconnectingTimer);
    clearInterval(this.#tick);
    removeEventListener('online', this.#onOnline);
    removeEventListener('offline', this.#onOffline);
    document.removeEventListener('resume', this.#onResume);
  }

  #later(delayMs: number): void {
    this.#cancel();
    const wait = new AbortController();
    this.#wait = wait;
    this.nextAttemptAt = Date.now() + delayMs;
    this.hooks.changed();
    this.schedule(delayMs, wait.signal).then(
      () => this.#wait === wait && void this.#run(),
      () => undefined,
    );
  }

  /** The page ran again after not running, or the network is back: a pending attempt need not wait any longer. */
  #wake(): void {
    this.hooks.changed();
    if (this.#wait) void this.#run();
  }

  async #run(): Promise<void> {
    this.#cancel();
    clearTimeout(this.#reconnectingTimer);
    await this.hooks.rebuild();
  }

  #cancel(): void {
    this.#wait?.abort();
    this.#wait = undefined;
    this.nextAttemptAt = undefined;
  }
}
