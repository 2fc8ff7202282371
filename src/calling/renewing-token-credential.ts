import type { CommunicationGetTokenOptions, CommunicationTokenCredential } from '@azure/communication-common';

type AccessToken = Awaited<ReturnType<CommunicationTokenCredential['getToken']>>;

export interface AcsToken {
  token: string;
  expiresOnTimestamp: number;
}

/** Gets a fresh ACS token for the signed-in agent (an exchange; never cached by the caller). */
export type AcsTokenSource = (signal?: AbortSignal) => Promise<AcsToken>;

/** A token with more life than this left is renewed this long before it ends; a shorter one at half its life. */
const RENEW_BEFORE_END_MS = 10 * 60_000;
/** After a failed renewal, the next try comes after these waits (then the last, repeated) while the token lasts. */
const RETRY_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];
const MIN_WAIT_MS = 500;

/** The time the credential reads and waits on: the page's own by default; a test hands in one it moves by hand. */
export interface CredentialClock {
  now(): number;
  /** Runs `run` once after `delayMs`; the returned function cancels it. */
  after(delayMs: number, run: () => void): () => void;
}

export const realClock: Readonly<CredentialClock> = {
  now: () => Date.now(),
  after(delayMs, run) {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
};

/**
 * The calling agent's credential: hands out the current ACS token and renews it ahead of its end, for the
 * whole shift. Written here rather than taken from `AzureCommunicationTokenCredential` (which the SDK accepts
 * just the same, through the `CommunicationTokenCredential` interface) because that one's proactive renewal,
 * when a renewal fails, rejects a promise nobody awaits (an unhandled rejection in the vendor's page, on every
 * failed renewal near the end) and stops renewing. Here a failed renewal keeps the current token and tries
 * again after a bounded wait while it lasts; only a caller asking for a token after its end waits on a renewal
 * and hears why it failed. `dispose()` stops every timer and aborts a renewal in flight.
 */
export class RenewingTokenCredential implements CommunicationTokenCredential {
  #current: AcsToken;
  #renewal?: Promise<AcsToken>;
  #cancelTimer?: () => void;
  #failures = 0;
  readonly #abort = new AbortController();

  constructor(
    first: AcsToken,
    private readonly tokens: AcsTokenSource,
    private readonly clock: CredentialClock = realClock,
  ) {
    this.#current = withTrueEnd(first);
    this.#schedule();
  }

  async getToken(options?: CommunicationGetTokenOptions): Promise<AccessToken> {
    if (this.#abort.signal.aborted) throw new Error('The calling credential was disposed.');
    if (this.#current.expiresOnTimestamp > this.clock.now()) return accessToken(this.#current);
    return accessToken(await abortable(this.#renew(), options?.abortSignal as AbortSignal | undefined));
  }

  dispose(): void {
    this.#cancelTimer?.();
    this.#abort.abort();
  }

  /** One renewal at a time, shared by every caller and the timer. */
  #renew(): Promise<AcsToken> {
    this.#renewal ??= this.tokens(this.#abort.signal)
      .then(
        (renewed) => {
          const fresh = withTrueEnd(renewed);
          // As the SDK's own credential says it, so that the SDK reports it the same way (token-expired).
          if (fresh.expiresOnTimestamp <= this.clock.now()) throw new Error('The token returned from the tokenRefresher is expired.');
          this.#current = fresh;
          this.#failures = 0;
          return fresh;
        },
        (error: unknown) => {
          this.#failures += 1;
          throw error;
        },
      )
      .finally(() => {
        this.#renewal = undefined;
        this.#schedule();
      });
    return this.#renewal;
  }

  #schedule(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#abort.signal.aborted) return;
    const left = this.#current.expiresOnTimestamp - this.clock.now();
    // An ended token is renewed when someone asks for one: nothing to do ahead of time.
    if (left <= 0) return;
    const ahead = left > 2 * RENEW_BEFORE_END_MS ? left - RENEW_BEFORE_END_MS : left / 2;
    const wait = this.#failures ? Math.min(RETRY_MS[Math.min(this.#failures, RETRY_MS.length) - 1]!, left / 2) : ahead;
    this.#cancelTimer = this.clock.after(Math.max(MIN_WAIT_MS, wait), () => void this.#renew().catch(() => undefined));
  }
}

/** The token's own `exp` when it says an earlier end than its source did (as the SDK's credential reads it); unverified. */
function withTrueEnd(token: AcsToken): AcsToken {
  try {
    const exp = (JSON.parse(atob(token.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }).exp;
    if (typeof exp === 'number' && exp * 1000 < token.expiresOnTimestamp) return { token: token.token, expiresOnTimestamp: exp * 1000 };
  } catch {
    // Not a JWT: the SDK refuses it (44111) before its end matters.
  }
  return token;
}

function accessToken({ token, expiresOnTimestamp }: AcsToken): AccessToken {
  return { token, expiresOnTimestamp };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
