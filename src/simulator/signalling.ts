import type { CommunicationTokenCredential } from '@azure/communication-common';
import { CallingCommunicationError } from './calling-error.js';
import { readServerSentEvents } from './server-sent-events.js';
import { readClaims } from './token-claims.js';

export type ConnectionReason = 'invalidToken' | 'connectionIssue';

export interface SignallingHandlers {
  event(name: string, data: Record<string, unknown>): void;
  connection(connected: boolean, reason?: ConnectionReason): void;
}

export interface Registration {
  agentId: string;
  identity: string;
  persona: 'teamsExtension' | 'teamsUser';
}

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * The simulator's line to the dev tenant's calling service: requests with the current token, one event
 * stream kept open (reconnecting with back-off, at once when the browser says it is online again), and the
 * registered token renewed whenever the credential has refreshed it (as the SDK re-authenticates).
 */
export class Signalling {
  #registration?: Registration;
  #abort = new AbortController();
  #closed = false;
  #connected = false;
  #sentToken = '';
  #tokenTimer?: ReturnType<typeof setTimeout>;
  #wake?: () => void;
  readonly #onOnline = () => this.#wake?.();

  constructor(
    private readonly endpoint: string,
    private readonly credential: CommunicationTokenCredential,
    private readonly handlers: SignallingHandlers,
  ) {}

  get agentId(): string {
    return this.#registration?.agentId ?? '';
  }

  async register(): Promise<Registration> {
    const registration = await this.request<Registration>('POST', '/calling/agents', {});
    this.#registration = registration;
    return registration;
  }

  /** Opens the event stream; resolves once the first attempt connected or failed. */
  connect(): Promise<void> {
    addEventListener('online', this.#onOnline);
    return new Promise((firstOutcome) => void this.#run(firstOutcome));
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string; subCode?: number } };
    if (!response.ok) throw new CallingCommunicationError(payload.error?.message ?? `HTTP ${response.status}`, response.status, payload.error?.subCode ?? 0);
    return payload as T;
  }

  /** Stops everything it started and unregisters (best effort: the page may be going away). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    removeEventListener('online', this.#onOnline);
    clearTimeout(this.#tokenTimer);
    this.#wake?.();
    const agentId = this.agentId;
    const tokenPromise = this.#token().catch(() => '');
    this.#abort.abort();
    if (agentId) {
      void tokenPromise.then((token) =>
        fetch(this.#url(`/calling/agents/${agentId}`), { method: 'DELETE', keepalive: true, headers: { authorization: `Bearer ${token}` } }).catch(() => undefined),
      );
    }
  }

  async #run(firstOutcome: () => void): Promise<void> {
    let attempt = 0;
    while (!this.#closed) {
      try {
        const token = await this.#token();
        const response = await fetch(this.#url(`/calling/agents/${this.agentId}/events`), {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: this.#abort.signal,
        });
        if (response.status === 404) {
          // The service forgot this agent (restarted, reset): register again, as the SDK re-registers.
          await this.register();
          continue;
        }
        if (response.status === 401 || response.status === 403) return this.#lost('invalidToken', firstOutcome);
        if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
        for await (const { event, data } of readServerSentEvents(response.body)) {
          if (event === 'connected') {
            attempt = 0;
            this.#sentToken = token;
            this.#setConnected(true);
            this.#scheduleTokenCheck();
            firstOutcome();
          } else if (event === 'tokenExpired') {
            return this.#lost('invalidToken', firstOutcome);
          } else {
            this.handlers.event(event, data);
          }
        }
      } catch {
        if (this.#closed) return;
      }
      if (this.#closed) return;
      this.#setConnected(false, 'connectionIssue');
      firstOutcome();
      await this.#sleep(RETRY_DELAYS_MS[Math.min(attempt++, RETRY_DELAYS_MS.length - 1)]!);
    }
  }

  #lost(reason: ConnectionReason, firstOutcome: () => void): void {
    clearTimeout(this.#tokenTimer);
    this.#setConnected(false, reason);
    firstOutcome();
  }

  #setConnected(connected: boolean, reason?: ConnectionReason): void {
    if (this.#connected === connected) return;
    this.#connected = connected;
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

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  #url(path: string): string {
    return `${this.endpoint.replace(/\/+$/, '')}${path}`;
  }
}

function expiryOf(token: string): number {
  const exp = readClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : Date.now() + 60_000;
}
