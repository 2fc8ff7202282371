/**
 * How long an agent endpoint may be out of touch before ACS gives up on it: long enough for a page reload
 * or the simulator's reconnect back-off (up to 4 s) to come back, short enough that a caller is not left
 * in silence on a call nobody holds any more.
 */
export const DEFAULT_ENDPOINT_GRACE_MS = 20_000;

/** One endpoint the grace can watch: a registration, as far as the grace needs to know it. */
export interface WatchedEndpoint {
  agentId: string;
  /** When its event stream closed (or it registered without one yet), ms since the epoch; none while online. */
  offlineSince?: number;
}

export interface GraceRules {
  graceMs(): number;
  /** Until when (ms since the epoch) the service itself is down: an endpoint's silence counts only after it. */
  serviceDownUntil(): number;
}

/**
 * ACS ends the calls of an endpoint that stopped answering. Here an endpoint is in touch while its event
 * stream is open; once the stream closes it has the grace to open a new one, after which `lapse` is called
 * for it (once). The grace runs on real time, as the stream and its timers do.
 */
export class EndpointGrace<E extends WatchedEndpoint> {
  readonly #rules: GraceRules;
  readonly #lapse: (endpoint: E) => void;
  readonly #timers = new Map<E, NodeJS.Timeout>();

  constructor(rules: GraceRules, lapse: (endpoint: E) => void) {
    this.#rules = rules;
    this.#lapse = lapse;
  }

  /** The endpoint lost its stream, or has not opened one yet: its grace starts (or goes on) from then. */
  offline(endpoint: E): void {
    endpoint.offlineSince ??= Date.now();
    this.#arm(endpoint);
  }

  /** The endpoint has a stream again: nothing lapses. */
  online(endpoint: E): void {
    this.cancel(endpoint);
    endpoint.offlineSince = undefined;
  }

  /** Stops watching (the endpoint unregistered, or everything is being reset). */
  cancel(endpoint: E): void {
    clearTimeout(this.#timers.get(endpoint));
    this.#timers.delete(endpoint);
  }

  /** When the endpoint lapses unless it comes back, ms since the epoch; none when it is not lapsing. */
  dueAt(endpoint: E): number | undefined {
    return this.#timers.has(endpoint) ? this.#deadline(endpoint) : undefined;
  }

  /** The same, by the endpoint's id: a forgotten registration's calls still know only that. */
  dueAtOf(agentId: string | undefined): number | undefined {
    for (const endpoint of this.#timers.keys()) if (endpoint.agentId === agentId) return this.#deadline(endpoint);
    return undefined;
  }

  /** The grace or an outage changed: every waiting endpoint is judged by the new rules. */
  rearm(): void {
    for (const endpoint of [...this.#timers.keys()]) this.#arm(endpoint);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #deadline(endpoint: E): number {
    return Math.max(endpoint.offlineSince ?? Date.now(), this.#rules.serviceDownUntil()) + this.#rules.graceMs();
  }

  /** Always through a timer, even at 0 ms: a lapse never runs inside whatever closed the stream. */
  #arm(endpoint: E): void {
    clearTimeout(this.#timers.get(endpoint));
    const leftMs = Math.max(0, this.#deadline(endpoint) - Date.now());
    // unref: a lost endpoint must never keep the process (or a test run) alive.
    this.#timers.set(endpoint, setTimeout(() => this.#check(endpoint), leftMs).unref());
  }

  #check(endpoint: E): void {
    if (Date.now() < this.#deadline(endpoint)) return this.#arm(endpoint);
    this.#timers.delete(endpoint);
    this.#lapse(endpoint);
  }
}
