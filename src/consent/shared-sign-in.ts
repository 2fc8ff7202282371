import type { ReactiveControllerHost } from 'lit';
import type { AccountSummary } from '../auth/auth-provider.js';
import { TabLink } from '../tabs/tab-link.js';
import { tpeError } from '../messages/error-words.js';
import { errorsTabsEn } from '../messages/errors.tabs.en.js';
import { isAbort, type TpeError } from '../tpe-error.js';
import { emit } from '../tpe-events.js';
import type { ConsentController } from './consent-controller.js';

type AcsToken = { token: string; expiresOnTimestamp: number };

/** A tab that is signed in answers at once; past this, the tab shows "Sign in" rather than keep the agent waiting. */
const IDENTITY_WAIT_MS = 700;
/** The lending tab fetches an Entra token and exchanges it, perhaps against a slow service: bounded all the same. */
const TOKEN_WAIT_MS = 15_000;
/** A hidden frame to the identity provider: MSAL gives up at 10 s, and so does this. */
const SILENT_SIGN_IN_MS = 10_000;
/** A closing lender's lock goes with its document, just after it said so: how long to look for it to go. */
const LENDER_GONE_MS = 2_000;
/** Why a borrowed sign-in stopped working: the tabs it came from are gone, or signed out. */
const ENDED: ReadonlySet<string> = new Set(['tab-timeout', 'signed-out', 'shared-sign-in-ended']);

const endedError = () =>
  tpeError(errorsTabsEn, 'shared-sign-in-ended', 'msal');

/**
 * One sign-in for the tabs of an origin: the `<tpe-consent>`s (agent mode, same client id) talk over a TabLink.
 * A tab signed in by itself lends: it says who is signed in (never a token), and mints an ACS token for a tab
 * that asks, addressed to that tab only. A tab that starts without an account borrows: it shows the lender's
 * account and asks for a fresh ACS token each time its phone needs one, so no token is ever kept or stored.
 * Signing out in one tab signs the sharing tabs out. Lending tabs hold a shared Web Lock, so a tab can tell at
 * once that no tab is left to ask, instead of waiting for an answer that cannot come. When the last lender
 * closes, a borrowing tab signs the same agent in by itself without a window where the identity provider and the
 * browser allow it (the provider's `signInSilently`), and lends in turn; elsewhere the agent is asked for one click.
 */
export class SharedSignIn {
  /** Whether this tab's account is another tab's: its tokens are then asked for, and the provider is left alone. */
  borrowing = false;
  readonly #link: TabLink;
  readonly #lockName: string;
  /** Set while this tab lends: ends the lending (its answers and its share of the lock). */
  #lending?: () => void;
  /** Set while this tab follows another tab's sign-out (or the end of a loan), so it is not announced again. */
  #following = false;
  /** The silent sign-in under way once the lenders are gone: one at a time, whoever noticed first. */
  #signingIn?: Promise<boolean>;

  constructor(
    private readonly consent: ConsentController,
    private readonly host: ReactiveControllerHost & HTMLElement,
    clientId: string,
    signal: AbortSignal,
  ) {
    this.#link = new TabLink(`sign-in:${clientId}`);
    this.#lockName = `tpe:sign-in:${clientId}`;
    host.addEventListener('tpe-status-change', this.#onStatus);
    host.addEventListener('tpe-signed-out', this.#onSignedOut);
    host.addEventListener('tpe-signed-in', this.#onSignedIn);
    this.#link.on('signed-out', ({ accountId }) => {
      if (accountId && accountId === consent.account?.id) void this.#follow();
    });
    // Signed in elsewhere while this tab waits for a sign-in: take it, as a tab opened now would.
    this.#link.on('signed-in', () => {
      if (consent.initialized && consent.status === 'signed-out' && !consent.account) void this.borrow(signal);
    });
    // A lending tab is closing: once no lender is left, sign in here before the phone needs a token.
    this.#link.on('lender-leaving', () => {
      if (this.borrowing) void this.#whenLendersGone().then((gone) => gone && this.#signInHere());
    });
    signal.addEventListener('abort', () => this.#dispose(), { once: true });
  }

  /**
   * Takes the identity of a tab that is signed in, if one answers in time. False when none does (the tab is then
   * signed out); true once borrowed, or when the start that asked was abandoned meanwhile (nothing is left to do).
   */
  async borrow(signal: AbortSignal): Promise<boolean> {
    const lender = await this.#anyLender();
    if (signal.aborted || !lender) return signal.aborted;
    let account: AccountSummary;
    // Still "Loading" while the tabs are asked: a tab about to start signed in must not offer "Sign in" first.
    this.consent.borrowed({ initialized: false });
    try {
      ({ account } = await this.#link.request<{ account: AccountSummary }>('identity?', {}, { timeoutMs: IDENTITY_WAIT_MS, signal }));
    } catch {
      return signal.aborted;
    } finally {
      this.consent.borrowed({ initialized: true });
    }
    this.consent.borrowed({ account, failure: undefined });
    emit(this.host, 'tpe-signed-in', { account });
    // After the event, which otherwise says this tab signed in by itself.
    this.borrowing = true;
    this.consent.borrowed({}, 'ready');
    return true;
  }

  /** A fresh ACS token from a tab signed in as this account; once no such tab is left, this tab is signed out and says why. */
  async acsToken(signal?: AbortSignal): Promise<AcsToken> {
    try {
      if (!(await this.#anyLender())) throw endedError();
      return await this.#link.request<AcsToken>('acs-token', { accountId: this.consent.account?.id }, { timeoutMs: TOKEN_WAIT_MS, signal });
    } catch (error) {
      // A busy service in the lending tab is that tab's answer to pass on; an abort is the asker's own.
      if (isAbort(error) || !ENDED.has((error as { code?: string }).code ?? '')) throw error;
      if (await this.#signInHere()) return this.consent.acsToken(signal);
      const ended = endedError();
      this.#end(ended);
      throw ended;
    }
  }

  #onStatus = (event: Event): void => {
    if (event.target !== this.host) return;
    const lends = this.consent.status === 'ready' && !this.borrowing;
    if (lends && !this.#lending) this.#lend();
    else if (!lends) this.#stopLending();
  };

  /** The agent signed in here after all (signIn() or an account chosen): the tab has its own sign-in now, and lends it once ready. */
  #onSignedIn = (event: Event): void => {
    if (event.target === this.host) this.borrowing = false;
  };

  #onSignedOut = (event: CustomEvent<{ account?: AccountSummary }>): void => {
    if (event.target !== this.host) return;
    this.borrowing = false;
    this.#stopLending();
    if (!this.#following && event.detail.account) this.#link.send('signed-out', { accountId: event.detail.account.id });
  };

  #lend(): void {
    const release = new AbortController();
    // Said once the lock is held, so that a tab hearing it finds a lender to ask.
    const announce = () => this.#link.send('signed-in');
    // Held until this tab stops lending or goes away (the browser releases a closed tab's locks by itself).
    if (navigator.locks) {
      const held = () => {
        announce();
        return new Promise((done) => release.signal.addEventListener('abort', done));
      };
      navigator.locks.request(this.#lockName, { mode: 'shared', signal: release.signal }, held).catch(() => undefined);
    }
    // Said as the page goes (closed, reloaded, navigated away), while it can still post: borrowers sign in by themselves.
    const leaving = () => this.#link.send('lender-leaving');
    addEventListener('pagehide', leaving);
    const stopIdentity = this.#link.answer('identity?', () => ({ account: this.consent.account }));
    const stopTokens = this.#link.answer('acs-token', ({ accountId }) => {
      if (accountId !== this.consent.account?.id) throw endedError();
      return this.consent.acsToken();
    });
    this.#lending = () => {
      removeEventListener('pagehide', leaving);
      release.abort();
      stopIdentity();
      stopTokens();
    };
    if (!navigator.locks) announce();
  }

  #stopLending(): void {
    this.#lending?.();
    this.#lending = undefined;
  }

  /** Whether any tab lends; without Web Locks, assume so and let the bounded request tell. */
  async #anyLender(): Promise<boolean> {
    if (!navigator.locks) return true;
    const { held = [] } = await navigator.locks.query();
    return held.some((lock) => lock.name === this.#lockName);
  }

  /** Whether the lenders are gone within LENDER_GONE_MS (a closing tab's lock is released with its document). */
  async #whenLendersGone(): Promise<boolean> {
    for (const end = Date.now() + LENDER_GONE_MS; Date.now() < end; await new Promise((wait) => setTimeout(wait, 100))) {
      if (!(await this.#anyLender())) return true;
    }
    return false;
  }

  /**
   * This tab's own sign-in, as the borrowed account, without a window; true once it has one (it then lends). False
   * when the provider cannot (no `signInSilently`, no answer within SILENT_SIGN_IN_MS, the identity provider or the
   * browser said no), and the borrowed sign-in is as it was.
   */
  #signInHere(): Promise<boolean> {
    const { provider, settings, account } = this.consent;
    if (!this.borrowing || !provider?.signInSilently || !settings || !account) return Promise.resolve(false);
    const signIn = provider.signInSilently.bind(provider);
    this.#signingIn ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), SILENT_SIGN_IN_MS)));
        const signedIn = await Promise.race([signIn({ scopes: this.consent.scopesFor(settings).scopes, loginHint: account.username }), late]);
        // Signed out, or signed in as someone else meanwhile: this is not the loan it was meant to replace.
        if (!this.borrowing || signedIn.id !== account.id || this.consent.account?.id !== account.id) return false;
        this.borrowing = false;
        this.host.requestUpdate();
        if (this.consent.status === 'ready') this.#lend();
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
        this.#signingIn = undefined;
      }
    })();
    return this.#signingIn;
  }

  /** Another tab signed this account out: so does this one (a tab signed in by itself lets its provider sign out too). */
  async #follow(): Promise<void> {
    const account = this.consent.account;
    // MSAL's sign-out clears its cache before it opens its window, which a browser refuses without a click: that refusal is expected.
    if (!this.borrowing) await this.consent.provider?.signOut().catch(() => undefined);
    this.#end(undefined, account);
  }

  /** Signed out here, without telling the other tabs (they know already), with the reason when there is one to show. */
  #end(reason?: TpeError, account = this.consent.account): void {
    this.#following = true;
    try {
      this.consent.borrowed(
        {
          account: undefined,
          // The sign-in here, when the agent asks for it, is for the same person: no picker, no password if the identity provider still knows them.
          ...(reason && { signInHint: account?.username }),
          failure: reason && { code: reason.code, message: reason.message, remedy: reason.remedy, source: reason.source, ...(reason.values ? { values: reason.values } : {}) },
        },
        'signed-out',
        reason?.code,
      );
      emit(this.host, 'tpe-signed-out', { account });
    } finally {
      this.#following = false;
    }
  }

  #dispose(): void {
    this.#stopLending();
    this.host.removeEventListener('tpe-status-change', this.#onStatus);
    this.host.removeEventListener('tpe-signed-out', this.#onSignedOut);
    this.host.removeEventListener('tpe-signed-in', this.#onSignedIn);
    this.#link.close();
  }
}
