import type { CommunicationTokenCredential } from '@azure/communication-common';
import { CallingCommunicationError } from './calling-error.js';
import { readServerSentEvents } from './server-sent-events.js';
import { StreamWatchdog } from './stream-watchdog.js';
import { readClaims } from './token-claims.js';

export type ConnectionReason = 'invalidToken' | 'connectionIssue';

export interface SignallingHandlers {
  event(name: string, data: Record<string, unknown>): void;
  connection(connected: boolean, reason?: ConnectionReason): void;
  /** The service no longer knows this registration (404/49006): whatever it held there is gone. */
  registrationLost(): void;
}

export interface Registration {
  agentId: string;
  identity: string;
  persona: 'teamsExtension' | 'teamsUser';
}

const RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000];
/** A `Retry-After` is honoured within these bounds, so that neither a zero nor an hour stalls the phone. */
const RETRY_AFTER_MIN_MS = 1000;
const RETRY_AFTER_MAX_MS = 60_000;
/**
 * How long a command (accept, hang up…) waits out an outage before it fails: a person is waiting on a
 * button, so it gives up and says so, while the connection itself keeps trying for as long as it is wanted.
 */
const COMMAND_PATIENCE_MS = 10_000;
/** The dev tenant's sub-code for a registration it does not know: register again. */
const REGISTRATION_UNKNOWN = 49006;

/** Why the simulator itself gave up on an open stream. */
type StreamGivenUp = 'silent' | 'offline';

/**
 * The simulator's line to the dev tenant's calling service: requests with the current token, one event
 * stream kept open (reconnecting with back-off, at once when the browser says it is online again), and the
 * registered token renewed whenever the credential has refreshed it (as the SDK re-authenticates).
 *
 * A stream that cannot work is not waited on: when the browser goes offline it is dropped at once, and
 * one silent past twice its heartbeat (a half-open connection) is taken for dead and opened again at once.
 * After a sleep or a frozen tab the stream is checked and the token renewed right away.
 *
 * Like the SDK it recovers by itself and unseen: a registration the service forgot (404/49006) is made
 * again, and an outage (503) is waited out for its `Retry-After`, for as long as the agent is open. Only a
 * token problem (401/403) ends the connection for the owner to act on. `close()` stops every wait.
 */
export class Signalling {
  #registration?: Registration;
  #abort = new AbortController();
  #closed = false;
  #connected = false;
  /** The stream has connected once: the agent's creator has had its chance to listen. */
  #everConnected = false;
  /** Why the line is down, while it is. */
  #reason?: ConnectionReason;
  #sentToken = '';
  #tokenTimer?: ReturnType<typeof setTimeout>;
  /** The registration has to be made (again) before the stream can open. */
  #unregistered = false;
  #wake?: () => void;
  /** A wake came while no wait was on (the browser came online during an attempt): the next wait is skipped. */
  #wakePending = false;
  /** Every wait in progress, each ended early by `close()`. */
  readonly #waits = new Set<() => void>();
  /** Ends the stream request in progress, and only it (`#abort` ends everything). */
  #streamAbort?: AbortController;
  #streamGivenUp?: StreamGivenUp;
  readonly #watchdog = new StreamWatchdog({ silent: () => this.#giveUpStream('silent'), woke: () => this.#woke() });
  readonly #onOnline = () => this.#wakeNow();
  readonly #onOffline = () => this.#giveUpStream('offline');

  constructor(
    private readonly endpoint: string,
    private readonly credential: CommunicationTokenCredential,
    private readonly handlers: SignallingHandlers,
  ) {}

  get agentId(): string {
    return this.#registration?.agentId ?? '';
  }

  /**
   * Registers with the service. An outage at this point is not the agent's failure: the stream's loop
   * registers once the service is back, as the SDK would keep trying.
   */
  async register(): Promise<void> {
    try {
      await this.#registerWithToken();
    } catch (error) {
      if (!(error instanceof ServiceDown)) throw error;
      this.#unregistered = true;
    }
  }

  /** Opens the event stream; resolves once the first attempt connected or failed. */
  connect(): Promise<void> {
    addEventListener('online', this.#onOnline);
    addEventListener('offline', this.#onOffline);
    this.#watchdog.start();
    return new Promise((firstOutcome) => void this.#run(firstOutcome));
  }

  /** One request; an outage is waited out for a while, a forgotten registration wakes the stream to redo it. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const giveUpAt = Date.now() + COMMAND_PATIENCE_MS;
    for (;;) {
      try {
        return await this.#send<T>(method, path, body);
      } catch (error) {
        if (error instanceof ServiceDown && !this.#closed && Date.now() + error.retryAfterMs <= giveUpAt) {
          await this.#sleep(error.retryAfterMs);
          if (this.#closed) throw error;
          continue;
        }
        if (isRegistrationUnknown(error)) this.#wakeNow();
        throw error;
      }
    }
  }

  /** Stops everything it started and unregisters (best effort: the page may be going away). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    removeEventListener('online', this.#onOnline);
    removeEventListener('offline', this.#onOffline);
    this.#watchdog.stop();
    clearTimeout(this.#tokenTimer);
    for (const wake of [...this.#waits]) wake();
    const agentId = this.agentId;
    const tokenPromise = this.#token().catch(() => '');
    this.#abort.abort();
    this.#streamAbort?.abort();
    if (agentId) {
      void tokenPromise.then((token) =>
        fetch(this.#url(`/calling/agents/${agentId}`), { method: 'DELETE', keepalive: true, headers: { authorization: `Bearer ${token}` } }).catch(() => undefined),
      );
    }
  }

  async #run(firstOutcome: () => void): Promise<void> {
    let attempt = 0;
    while (!this.#closed) {
      let waitMs = RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)]!;
      const stream = new AbortController();
      this.#streamAbort = stream;
      this.#streamGivenUp = undefined;
      try {
        if (this.#unregistered) await this.#registerWithToken();
        const token = await this.#token();
        this.#watchdog.watch();
        const response = await fetch(this.#url(`/calling/agents/${this.agentId}/events`), {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: stream.signal,
        });
        if (!response.ok || !response.body) throw await answerError(response);
        for await (const { event, data } of readServerSentEvents(response.body, () => this.#watchdog.heard())) {
          if (event === 'connected') {
            attempt = 0;
            // A wake that came while this attempt was on has done its job: the next outage gets its back-off.
            this.#wakePending = false;
            this.#watchdog.heartbeat(data.heartbeatMs);
            this.#setConnected(true);
            // Opening the stream does not hand the service a token: one renewed while disconnected (an outage)
            // must still be sent, or the service's copy runs out and the agent is dropped as token-expired.
            if (token !== this.#sentToken) void this.#renewToken();
            else this.#scheduleTokenCheck();
            firstOutcome();
            if (!this.#everConnected) {
              this.#everConnected = true;
              // Whoever created the agent listens once its creation resolves: events waiting for this new
              // registration (a call already ringing it) are handed on after that, as the SDK's arrive later.
              await new Promise((resolve) => setTimeout(resolve, 0));
            }
          } else if (event === 'tokenExpired') {
            return this.#lost('invalidToken', firstOutcome);
          } else {
            this.handlers.event(event, data);
          }
        }
      } catch (error) {
        if (this.#closed) return;
        // A stream presumed dead is replaced at once: the service is there, only that connection was not.
        if (this.#streamGivenUp === 'silent') waitMs = 0;
        const code = (error as CallingCommunicationError).code;
        if (code === 401 || code === 403) return this.#lost('invalidToken', firstOutcome);
        if (error instanceof ServiceDown) waitMs = error.retryAfterMs;
        if (isRegistrationUnknown(error)) {
          // The service forgot this agent (lost its state, or the grace lapsed): register again at once,
          // as the SDK re-registers; the calls it held there are over.
          this.#unregistered = true;
          this.handlers.registrationLost();
        }
      } finally {
        this.#watchdog.unwatch();
        if (this.#streamAbort === stream) this.#streamAbort = undefined;
      }
      if (this.#closed) return;
      this.#setConnected(false, 'connectionIssue');
      firstOutcome();
      await this.#sleep(waitMs, true);
    }
  }

  /**
   * Stops waiting on a stream that cannot work (the browser is offline, or it went silent) and says so at
   * once, as the SDK does; the stream's loop then opens a new one.
   */
  #giveUpStream(why: StreamGivenUp): void {
    if (this.#closed) return;
    const stream = this.#streamAbort;
    if (stream && !stream.signal.aborted) {
      this.#streamGivenUp = why;
      stream.abort();
    }
    this.#setConnected(false, 'connectionIssue');
  }

  /**
   * Timers stood still (sleep, a frozen tab) or the page resumed: whatever came due meanwhile is done now.
   * A stream silent past its bound is replaced, a wait for the service is over, and a token the credential
   * renewed meanwhile goes to the service before the one it holds runs out.
   */
  #woke(): void {
    if (this.#closed) return;
    this.#watchdog.check();
    this.#wake?.();
    if (this.#connected) {
      clearTimeout(this.#tokenTimer);
      void this.#renewToken();
    }
  }

  /** Ends the stream loop's wait now, or skips its next one if it is busy with an attempt. */
  #wakeNow(): void {
    if (this.#wake) this.#wake();
    else this.#wakePending = true;
  }

  /**
   * Registers (again) with the credential's token, which it renews when near expiry, and remembers that token:
   * it is the one the service now holds for this agent.
   */
  async #registerWithToken(): Promise<void> {
    const token = await this.#token();
    this.#registration = await this.#send<Registration>('POST', '/calling/agents', {});
    this.#sentToken = token;
    this.#unregistered = false;
  }

  /** One request, once: the answer's body, or the error its status and sub-code say. */
  async #send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.#token();
    let response: Response;
    try {
      response = await fetch(this.#url(path), {
        method,
        signal: this.#abort.signal,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new CallingCommunicationError('The calling service could not be reached.', 503, 0);
    }
    if (!response.ok) throw await answerError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json().catch(() => ({}))) as T;
  }

  #lost(reason: ConnectionReason, firstOutcome: () => void): void {
    clearTimeout(this.#tokenTimer);
    this.#setConnected(false, reason);
    firstOutcome();
  }

  #setConnected(connected: boolean, reason?: ConnectionReason): void {
    // A refused token is news even to a line already down (the network went first): the owner must act on it.
    if (this.#connected === connected && !(reason === 'invalidToken' && this.#reason !== reason)) return;
    this.#connected = connected;
    this.#reason = connected ? undefined : reason;
    if (!this.#closed) this.handlers.connection(connected, reason);
  }

  /** Re-reads the credential ahead of the token's expiry and hands the service a refreshed token. */
  #scheduleTokenCheck(): void {
    clearTimeout(this.#tokenTimer);
    const expiresAt = expiryOf(this.#sentToken);
    const delay = Math.min(30_000, Math.max(250, (expiresAt - Date.now()) / 4));
    this.#tokenTimer = setTimeout(() => void this.#renewToken(), delay);
  }

  async #renewToken(): Promise<void> {
    try {
      const token = await this.#token();
      if (token !== this.#sentToken && this.#connected) {
        await this.request('PUT', `/calling/agents/${this.agentId}/token`, {});
        this.#sentToken = token;
      }
    } catch {
      // The next check, or the stream's tokenExpired, says what happened.
    }
    if (!this.#closed && this.#connected) this.#scheduleTokenCheck();
  }

  async #token(): Promise<string> {
    return (await this.credential.getToken({ abortSignal: this.#abort.signal })).token;
  }

  /** A wait that `close()` ends at once; the stream's own wait (`wakeable`) also ends when the browser is online again. */
  #sleep(ms: number, wakeable = false): Promise<void> {
    if (wakeable && this.#wakePending) {
      this.#wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waits.delete(done);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waits.add(done);
      if (wakeable) this.#wake = done;
    });
  }

  #url(path: string): string {
    return `${this.endpoint.replace(/\/+$/, '')}${path}`;
  }
}

/** A 503: the service is down for `retryAfterMs` (its `Retry-After`, within bounds). */
class ServiceDown extends CallingCommunicationError {
  constructor(
    message: string,
    subCode: number,
    readonly retryAfterMs: number,
  ) {
    super(message, 503, subCode);
  }
}

async function answerError(response: Response): Promise<CallingCommunicationError> {
  const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string; subCode?: number } };
  const message = payload.error?.message ?? `HTTP ${response.status}`;
  const subCode = payload.error?.subCode ?? 0;
  if (response.status === 503) return new ServiceDown(message, subCode, retryAfterMs(response.headers.get('retry-after')));
  return new CallingCommunicationError(message, response.status, subCode);
}

/** `Retry-After` in seconds or as a date, held within bounds; without one, the shortest wait. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  const ms = header === null ? 0 : Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, Number.isFinite(ms) ? ms : 0));
}

function isRegistrationUnknown(error: unknown): boolean {
  const { code, subCode } = error as Partial<CallingCommunicationError>;
  return code === 404 && subCode === REGISTRATION_UNKNOWN;
}

function expiryOf(token: string): number {
  const exp = readClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : Date.now() + 60_000;
}
