/** How often a stream says something until its `connected` event names the interval: the dev tenant's default. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
/** Past two missed heartbeats and this much, a stream is presumed dead rather than slow. */
const SILENCE_SLACK_MS = 1000;
/** A tick this much later than twice its period means timers stood still: the machine slept or the tab froze. */
const LATE_SLACK_MS = 3000;
/** The tick is half a heartbeat, within these bounds: prompt for a test's short heartbeat, cheap for a real one. */
const MIN_TICK_MS = 250;
const MAX_TICK_MS = 5000;

export interface StreamWatchdogHandlers {
  /** The stream being watched has been silent past the bound (no event, no ping): presumed dead. */
  silent(): void;
  /** Time passed without the page (sleep, a frozen tab): the page resumed, or a tick came far too late. */
  woke(): void;
}

/**
 * Watches an event stream for silence and the page for time it lost. A half-open connection, or one a
 * middlebox dropped, never errors: only the missing heartbeat tells. And after a sleep every timer is
 * late, so whatever was due (a dead stream, a renewed token) is handled at once rather than a timer later.
 *
 * One timer, and only while a stream is being watched; `resume` (Page Lifecycle) and a page becoming
 * visible again are listened to from `start()` to `stop()`.
 */
export class StreamWatchdog {
  #heartbeatMs = DEFAULT_HEARTBEAT_MS;
  #watching = false;
  #lastHeardAt = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #tickDueAt = 0;
  #started = false;
  readonly #onResume = () => this.handlers.woke();
  readonly #onVisibility = () => {
    if (document.visibilityState === 'visible') this.handlers.woke();
  };

  constructor(private readonly handlers: StreamWatchdogHandlers) {}

  /** How long the watched stream may stay silent before it is presumed dead. */
  get silenceBoundMs(): number {
    return 2 * this.#heartbeatMs + SILENCE_SLACK_MS;
  }

  start(): void {
    if (this.#started || typeof document === 'undefined') return;
    this.#started = true;
    document.addEventListener('resume', this.#onResume);
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  stop(): void {
    this.unwatch();
    if (!this.#started) return;
    this.#started = false;
    document.removeEventListener('resume', this.#onResume);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** A stream is being opened: its silence counts from now (so a request that never answers is bounded too). */
  watch(): void {
    this.#watching = true;
    this.#lastHeardAt = Date.now();
    this.#schedule();
  }

  /** The stream said when it will ping; a value that makes no sense leaves the default. */
  heartbeat(ms: unknown): void {
    this.#heartbeatMs = typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_HEARTBEAT_MS;
    if (this.#watching) this.#schedule();
  }

  /** Some bytes arrived: an event or a ping, either proves the connection alive. */
  heard(): void {
    this.#lastHeardAt = Date.now();
  }

  unwatch(): void {
    this.#watching = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Reports the watched stream dead if it has been silent past the bound; answers whether it did. */
  check(): boolean {
    if (!this.#watching || Date.now() - this.#lastHeardAt <= this.silenceBoundMs) return false;
    this.unwatch();
    this.handlers.silent();
    return true;
  }

  get #tickMs(): number {
    return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, this.#heartbeatMs / 2));
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const tickMs = this.#tickMs;
    this.#tickDueAt = Date.now() + tickMs;
    this.#timer = setTimeout(() => this.#tick(), tickMs);
  }

  #tick(): void {
    // Date.now, not performance.now: the monotonic clock stands still while the machine sleeps.
    const lateMs = Date.now() - this.#tickDueAt;
    this.#schedule();
    if (lateMs > 2 * this.#tickMs + LATE_SLACK_MS) this.handlers.woke();
    else this.check();
  }
}
