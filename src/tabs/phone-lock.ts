/** One try for the lock: its abort while queued, its let-go while held. A claim that is no longer current is ignored when it settles. */
interface Claim {
  abort: AbortController;
  letGo(): void;
}

/**
 * Which tab of an origin owns the phone: the one holding the exclusive Web Lock `tpe-phone:${name}`.
 *
 * - A tab that closes, reloads or crashes lets go by itself (the browser releases its locks): the next queued tab's
 *   `owned()` runs.
 * - A **frozen** tab (a background tab the browser froze to save power) keeps its lock: browsers do not release the
 *   locks of frozen pages, and no other tab is told. Whoever needs a live owner must check it is
 *   alive (a heartbeat over the TabLink) and call `takeOver()` when it stops answering.
 * - Where `navigator.locks` is missing (very old browsers; an insecure context other than localhost), every tab is
 *   the owner as soon as it starts: there is no way to agree, so each tab keeps its own phone, as before.
 */
export class PhoneLock {
  readonly #lockName: string;
  readonly #handlers: { owned(): void; lost(): void };
  #claim?: Claim;
  #owned = false;

  constructor(name: string, handlers: { owned(): void; lost(): void }) {
    this.#lockName = `tpe-phone:${name}`;
    this.#handlers = handlers;
  }

  /** Whether this tab holds the phone now. */
  get owned(): boolean {
    return this.#owned;
  }

  /**
   * Queues for the lock: `owned()` runs when this tab gets it (soon after, if it is free), and the tab holds it until
   * release() or until another tab takes it over (then `lost()` runs and this tab queues again). Starting twice does nothing.
   */
  start(): void {
    if (!this.#claim) this.#request(false);
  }

  /** This tab takes the phone now (the agent is looking at it): the previous owner's `lost()` runs and it queues again. */
  takeOver(): void {
    if (this.#owned) return;
    this.#drop();
    this.#request(true);
  }

  /** Gives the lock up, or stops waiting for it: the next tab in the queue gets it. `lost()` does not run; start() queues again. */
  release(): void {
    this.#drop();
  }

  #request(steal: boolean): void {
    const claim: Claim = { abort: new AbortController(), letGo: () => {} };
    this.#claim = claim;
    const locks = globalThis.navigator?.locks;
    if (!locks) return queueMicrotask(() => void this.#grant(claim));
    // A steal cannot be aborted (the browser refuses `signal` with `steal`), and it never waits.
    const options: LockOptions = steal ? { steal: true } : { signal: claim.abort.signal };
    locks.request(this.#lockName, options, () => this.#grant(claim)).catch(() => {
      // Aborted by release() or takeOver() (no longer current), or stolen: the browser rejects the holder's request.
      if (this.#claim !== claim) return;
      this.#claim = undefined;
      if (!this.#owned) return; // Refused while queued (a detached document): start() may try again.
      this.#owned = false;
      this.#request(false);
      try {
        this.#handlers.lost();
      } catch (error) {
        reportError(error);
      }
    });
  }

  /** The browser gave this claim the lock: hold it until let go, unless the claim was dropped meanwhile. */
  #grant(claim: Claim): Promise<void> | undefined {
    if (this.#claim !== claim) return undefined;
    const held = new Promise<void>((resolve) => (claim.letGo = resolve));
    this.#owned = true;
    try {
      this.#handlers.owned();
    } catch (error) {
      reportError(error); // The lock stays held: ownership does not hang on the owner's first steps.
    }
    return held;
  }

  #drop(): void {
    const claim = this.#claim;
    this.#claim = undefined;
    this.#owned = false;
    claim?.abort.abort();
    claim?.letGo();
  }
}
