import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountSummary, AuthProvider } from '../auth/auth-provider.js';
import { classifyFailure } from '../auth/classify-failure.js';
import { loadMsalProvider } from '../auth/load-msal-provider.js';
import { sharedServices, type PageServices } from '../page-services.js';
import { exchangeTeamsExtensionToken } from '../acs/teams-extension-exchange.js';
import { ProxyClient } from '../proxy/proxy-client.js';
import { errorDetail, tpeError } from '../messages/error-words.js';
import { errorsSignInEn } from '../messages/errors.sign-in.en.js';
import { isAbort, type TpeErrorDetail } from '../tpe-error.js';
import { emit } from '../tpe-events.js';
import { AcsTokens, type AcsToken } from './acs-tokens.js';
import { adminConsentRemedy, type AdminConsentRemedy } from './admin-consent-link.js';
import type { ConsentStatus } from './consent-events.js';
import { resolveConsentSettings, type ConsentSettings, type ConsentSettingsOverrides } from './consent-settings.js';
import type { SharedSignIn } from './shared-sign-in.js';
import { MAX_AUTOMATIC_RETRIES, retryDelaySeconds, timerScheduler, type RetryScheduler } from './busy-retry.js';

export interface ConsentOptions {
  proxyUrl?: string;
  overrides: ConsentSettingsOverrides;
  mode: 'agent' | 'admin';
  persona: 'ccaas' | 'teams';
  authProvider?: AuthProvider;
  redirectFallback: boolean;
  /** How to wait before trying a busy service again; a timer unless a page or a test hands in its own. */
  retryScheduler?: RetryScheduler;
  /** What the elements of the page share: the proxy's settings (one read per proxy URL) and the MSAL applications. */
  services: PageServices;
  /** Borrow the sign-in of another tab of this origin when there is none here, and lend this one (shared-sign-in.ts). */
  shareSignIn?: boolean;
}

const GRAPH_DIRECTORY_SCOPES: readonly string[] = ['https://graph.microsoft.com/User.ReadBasic.All', 'https://graph.microsoft.com/Group.Read.All'];

/** What the tab link (shared-sign-in.ts) may set when another tab's sign-in is borrowed, or ends. */
export interface BorrowedState {
  initialized?: boolean;
  account?: AccountSummary;
  failure?: TpeErrorDetail;
  signInHint?: string;
}

/**
 * Sign-in, consent and readiness for one `<tpe-consent>`: the sign-in state machine. The settings are resolved by a
 * Task, MSAL is created by the page's services, ACS tokens are minted by an AcsTokens, and another tab's sign-in is
 * borrowed by a SharedSignIn; this class turns their outcomes into one status with a plain reason. A busy service
 * (429, 503) is waited out and asked again by itself, a few times at most. Its state is read-only from outside;
 * `settled` resolves once nothing it started is still running. Disconnecting aborts what it started, waits included.
 */
export class ConsentController implements ReactiveController {
  #status: ConsentStatus = 'signed-out';
  #initialized = false;
  #account?: AccountSummary;
  #failure?: TpeErrorDetail;
  #provider?: AuthProvider;
  #proxy?: ProxyClient;
  #tabs?: SharedSignIn;
  #signInHint?: string;
  #retryInSeconds?: number;
  #tokens?: AcsTokens;
  #adminConsent?: AdminConsentRemedy;
  #abort = new AbortController();
  /** The wait before the next automatic try, and what that try runs. */
  #waiting?: { abort: AbortController; step: () => Promise<void> };
  /** Automatic tries since the person (or the page) last asked for something. */
  #retries = 0;
  #unsubscribe?: () => void;
  /** Set while this controller's own sign-in or sign-out runs, so it ignores its own notification. */
  #acting = false;
  /** The work under way (a start, a check, a sign-in): `settled` waits for all of it. */
  readonly #running = new Set<Promise<unknown>>();

  /** The public settings, read from the proxy (when there is one) with the page's own laid over them. */
  readonly #settings: Task<[], ConsentSettings>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: () => ConsentOptions,
  ) {
    host.addController(this);
    this.#settings = new Task(host, {
      autoRun: false,
      args: () => [],
      task: async (_, { signal }) => {
        const { overrides, services } = this.options();
        return resolveConsentSettings(this.#proxy, overrides, AbortSignal.any([signal, this.#abort.signal]), sharedServices(services).proxyConfigs);
      },
    });
  }

  get status(): ConsentStatus {
    return this.#status;
  }
  /** Whether the provider has said who is signed in (until then the element shows "Loading"). */
  get initialized(): boolean {
    return this.#initialized;
  }
  get account(): AccountSummary | undefined {
    return this.#account;
  }
  get failure(): TpeErrorDetail | undefined {
    return this.#failure;
  }
  get settings(): ConsentSettings | undefined {
    return this.#settings.value;
  }
  get provider(): AuthProvider | undefined {
    return this.#provider;
  }
  get proxy(): ProxyClient | undefined {
    return this.#proxy;
  }
  /** The sign-in shared with this origin's other tabs, loaded with the provider when the owner shares it. */
  get tabs(): SharedSignIn | undefined {
    return this.#tabs;
  }
  /** Who the next sign-in is for, when the tab this one's sign-in was shared from has gone (their username). */
  get signInHint(): string | undefined {
    return this.#signInHint;
  }
  /** While busy and waiting: the seconds until it tries again by itself (undefined while it is trying). */
  get retryInSeconds(): number | undefined {
    return this.#retryInSeconds;
  }
  /** While an administrator's consent is missing: the link to send one, or the command to run (stable while shown). */
  get adminConsent(): AdminConsentRemedy | undefined {
    return this.#adminConsent;
  }

  /** Resolves with the status once nothing this controller started is still running (a wait for a busy service is not running). */
  get settled(): Promise<ConsentStatus> {
    return (async () => {
      while (this.#running.size) await Promise.allSettled([...this.#running]);
      return this.#status;
    })();
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** How this element waits before trying a busy service again (the admin view's Graph reads wait alike). */
  get retryScheduler(): RetryScheduler {
    return this.options().retryScheduler ?? timerScheduler;
  }

  #startPending = false;

  hostConnected(): void {
    // Start at the first update, so that attributes and properties set right after the element was created
    // or upgraded are read.
    this.#startPending = true;
  }

  hostUpdated(): void {
    if (!this.#startPending) return;
    this.#startPending = false;
    // After the update, not inside it: restarting schedules the next one.
    queueMicrotask(() => this.restart());
  }

  hostDisconnected(): void {
    this.#cancelRetry();
    this.#abort.abort();
    this.#unsubscribe?.();
    this.#dropTokens();
  }

  /** Starts over with the host's current settings (they changed, or the host was connected). */
  restart(): void {
    this.#cancelRetry();
    this.#abort.abort();
    this.#unsubscribe?.();
    this.#dropTokens();
    this.#abort = new AbortController();
    this.#initialized = false;
    // The owner changed a setting: start afresh without announcing it (events are for the person's actions).
    this.#failure = undefined;
    this.#account = undefined;
    this.#status = 'signed-out';
    this.host.requestUpdate();
    void this.#track(this.#start());
  }

  /** The scopes the persona's calls need (the first resource), and those consented alongside. */
  scopesFor(settings: ConsentSettings): { scopes: string[]; extra: string[] } {
    const { mode, persona, proxyUrl } = this.options();
    const proxyScopes = proxyUrl ? settings.scopes.proxy : [];
    if (mode === 'admin') return { scopes: settings.scopes.graphResourceAccounts, extra: [...GRAPH_DIRECTORY_SCOPES, ...proxyScopes] };
    return persona === 'teams' ? { scopes: settings.scopes.teamsPersona, extra: proxyScopes } : { scopes: settings.scopes.ccaasPersona, extra: proxyScopes };
  }

  /** For shared-sign-in.ts: this tab now shows another tab's sign-in, or the end of it. */
  borrowed(state: BorrowedState, status?: ConsentStatus, reason?: string): void {
    if ('initialized' in state) this.#initialized = state.initialized!;
    if ('account' in state) this.#account = state.account;
    if ('failure' in state) this.#failure = state.failure;
    if ('signInHint' in state) this.#signInHint = state.signInHint;
    if (!this.#account) this.#dropTokens();
    if (status) this.#set(status, reason);
    else this.host.requestUpdate();
  }

  async #start(): Promise<void> {
    const signal = this.#abort.signal;
    const options = this.options();
    // Fetched beside the settings and MSAL, not after them: a page with one tab never waits for it.
    const sharing = options.shareSignIn && import('./shared-sign-in.js');
    try {
      this.#proxy = options.proxyUrl ? new ProxyClient(options.proxyUrl) : undefined;
      // Shared with every element on the page pointed at the same proxy; held until this start is aborted.
      await this.#settings.run();
      if (signal.aborted) return;
      if (this.#settings.status === TaskStatus.ERROR) throw this.#settings.error;
      const settings = this.#settings.value!;
      // MSAL is fetched here, and only here: a page that handed in its own provider never downloads it.
      const provider = options.authProvider ?? (await loadMsalProvider(settings, { redirectFallback: options.redirectFallback }, options.services));
      if (signal.aborted) return;
      this.#provider = provider;
      const account = await provider.initialize();
      if (signal.aborted) return;
      this.#initialized = true;
      // Another element on the page with the same client id signed in or out: follow it, no second popup.
      this.#unsubscribe = provider.onAccountChange((changed) => {
        if (this.#acting) return;
        this.#cancelRetry();
        if (changed && changed.id !== this.#account?.id) {
          this.#account = changed;
          void this.#track(this.#verify(false));
        } else if (!changed && this.#account && !this.#tabs?.borrowing) {
          this.#account = undefined;
          this.#failure = undefined;
          this.#dropTokens();
          this.#set('signed-out');
        }
      });
      this.#tabs = sharing ? new (await sharing).SharedSignIn(this, this.host, provider.clientId, signal) : undefined;
      if (account) {
        this.#account = account;
        await this.#verify(false);
      } else if (!(await this.#tabs?.borrow(signal))) {
        // Signed out already, unless this was a try after a busy answer: then it says so now.
        this.#failure = undefined;
        this.#set('signed-out');
      }
    } catch (error) {
      if (!signal.aborted) this.#fail(error, false, () => this.#start());
    }
  }

  /** Must run straight from a click: the popup opens before anything is awaited. */
  signIn(): void {
    if (!this.#provider || !this.settings) return;
    this.#cancelRetry();
    const { scopes, extra } = this.scopesFor(this.settings);
    // The agent whose shared sign-in ended: one click, and no password where the identity provider still knows them.
    const hint = this.#signInHint;
    this.#signInHint = undefined;
    this.#interactiveSignIn({ scopes, extraScopesToConsent: extra, ...(hint ? { loginHint: hint, quiet: true } : {}) });
  }

  /**
   * An administrator's consent for the organization, from a click: the identity provider's consent prompt, where an
   * administrator signed in already only accepts (and ticks "on behalf of your organization"); signed in by the same
   * window, they go straight on.
   */
  grantAdminConsent(): void {
    if (!this.#provider || !this.settings) return;
    this.#cancelRetry();
    const { scopes, extra } = this.scopesFor(this.settings);
    this.#interactiveSignIn({ scopes, extraScopesToConsent: extra, prompt: 'consent' }, 'admin');
  }

  #interactiveSignIn(request: Parameters<AuthProvider['signIn']>[0], consented?: 'admin'): void {
    this.#set('signing-in');
    this.#acting = true;
    const previous = this.#account;
    void this.#track(
      this.#provider!.signIn(request).then(
        async (account) => {
          this.#acting = false;
          this.#account = account;
          this.#dropTokens();
          if (account.id !== previous?.id || !consented) emit(this.host, 'tpe-signed-in', { account });
          if (consented) emit(this.host, 'tpe-consent-granted', { kind: consented });
          await this.#verify(true);
        },
        (error) => {
          this.#acting = false;
          this.#fail(error, true);
        },
      ),
    );
  }

  /** Continues as an account already signed in on this browser (the account picker): no popup. */
  chooseAccount(account: AccountSummary): void {
    this.#cancelRetry();
    this.#provider?.setActiveAccount(account.id);
    this.#account = account;
    this.#dropTokens();
    emit(this.host, 'tpe-signed-in', { account });
    void this.#track(this.#verify(false));
  }

  /** Asks the user to consent to what the silent check said was missing (from a click). */
  consent(): void {
    if (!this.#provider || !this.settings) return;
    this.#cancelRetry();
    const { scopes, extra } = this.scopesFor(this.settings);
    this.#set('signing-in');
    void this.#track(
      this.#provider
        .getAccessToken(scopes, { interactive: true, prompt: 'consent', extraScopesToConsent: extra })
        .then(async () => {
          emit(this.host, 'tpe-consent-granted', { kind: 'user' });
          await this.#verify(true);
        })
        .catch((error) => this.#fail(error, true)),
    );
  }

  async signOut(): Promise<void> {
    this.#cancelRetry();
    const account = this.#account;
    this.#acting = true;
    try {
      // A borrowed sign-in is another tab's: this tab's provider has no one to sign out.
      if (!this.#tabs?.borrowing) await this.#track(this.#provider?.signOut() ?? Promise.resolve());
    } finally {
      this.#acting = false;
    }
    this.#account = undefined;
    this.#failure = undefined;
    this.#dropTokens();
    this.#set('signed-out');
    emit(this.host, 'tpe-signed-out', { account });
  }

  /** Checks again now; while waiting out a busy service, tries what was waiting, with a fresh budget. */
  async refresh(): Promise<void> {
    const step = this.#waiting?.step;
    this.#cancelRetry();
    if (step) await this.#track(step());
    else if (this.#account) await this.#track(this.#verify(false));
  }

  /** A token for the call agent; silent only, so it never opens a window the user did not ask for. */
  getAccessToken(scopes: string[]): Promise<string> {
    if (!this.#provider || !this.#account) return Promise.reject(new Error('Not signed in.'));
    return this.#provider.getAccessToken(scopes);
  }

  /**
   * A fresh ACS token for the signed-in agent's persona, for `<tpe-call-agent>`'s credential: minted here, or asked
   * of the tab this sign-in is borrowed from. Silent only.
   */
  async acsToken(signal?: AbortSignal): Promise<AcsToken> {
    if (this.#tabs?.borrowing) return this.#tabs.acsToken(signal);
    const { settings } = this;
    if (!settings || !this.#provider || !this.#account) {
      throw tpeError(errorsSignInEn, 'signed-out', 'msal');
    }
    this.#tokens ??= new AcsTokens(settings, this.#provider, this.#proxy, this.options().persona, {
      // The identity provider wants the person back (a revoked session, a changed password): say so here.
      refused: (status, detail) => {
        if (status !== 'signed-out' || this.#status !== 'ready') return;
        this.#signInHint = this.#account?.username;
        this.#failure = detail;
        this.#set('signed-out', detail.code);
      },
    });
    return this.#tokens.mint(signal);
  }

  #dropTokens(): void {
    this.#tokens?.dispose();
    this.#tokens = undefined;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    const done = () => this.#running.delete(work);
    work.then(done, done);
    return work;
  }

  /** Can this person take calls (or administer)? Tokens, assignment and the exchange (side by side for the CCaaS persona). */
  async #verify(interactive: boolean): Promise<void> {
    const settings = this.settings!;
    const provider = this.#provider!;
    const signal = this.#abort.signal;
    const { mode, persona } = this.options();
    try {
      const { scopes } = this.scopesFor(settings);
      if (mode === 'agent' && persona === 'ccaas') {
        if ((await this.#checkCcaasAgent(provider, settings, scopes, signal)) === 'not-assigned') {
          this.#failure = errorDetail(errorsSignInEn, 'no-assignment', 'proxy');
          return this.#set('needs-assignment', 'no-assignment');
        }
      } else {
        const token = await provider.getAccessToken(scopes);
        if (mode === 'agent' && this.#proxy) await this.#proxy.teamsUserToken(token, signal);
      }
      this.#failure = undefined;
      this.#set('ready');
    } catch (error) {
      if (!signal.aborted) this.#fail(error, interactive, () => this.#verify(interactive));
    }
  }

  /**
   * The CCaaS agent's checks, side by side: the persona's token and then its exchange, beside the proxy's
   * token and then the assignment check (with a proxy). Their answers are read in the order the checks once
   * ran one after the other, so every outcome is what it was: the persona's token first, then the proxy's
   * token and the assignment (not assigned explains an exchange refusal, so it wins over the exchange's
   * answer, whatever that was), then the exchange. Resolves once the exchange succeeded, or the proxy said not
   * assigned; throws what failed first in that order. What is still running once the outcome is known, or
   * when the element goes, is aborted.
   */
  async #checkCcaasAgent(provider: AuthProvider, settings: ConsentSettings, scopes: string[], signal: AbortSignal): Promise<'ready' | 'not-assigned'> {
    const checks = new AbortController();
    const abortChecks = () => checks.abort();
    signal.addEventListener('abort', abortChecks, { once: true });
    const proxy = this.#proxy;
    try {
      const token = provider.getAccessToken(scopes);
      const exchange = token.then((entraToken) => exchangeTeamsExtensionToken(settings.acsEndpoint, entraToken, checks.signal));
      const mine = proxy && provider.getAccessToken(settings.scopes.proxy).then((apiToken) => proxy.myAssignment(apiToken, checks.signal));
      // Read below in order, or not at all once an earlier answer decided: never an unhandled rejection.
      for (const answer of [exchange, mine]) answer?.catch(() => undefined);
      await token;
      if (mine) {
        const { assigned, clientAllowed } = await mine;
        if (!assigned || !clientAllowed) return 'not-assigned';
      }
      await exchange;
      return 'ready';
    } finally {
      signal.removeEventListener('abort', abortChecks);
      checks.abort();
    }
  }

  /**
   * Shows what went wrong. A busy service with something to try again (`retry`) is waited out instead, up to
   * MAX_AUTOMATIC_RETRIES times in a row; after that it is an error the person can retry.
   */
  #fail(error: unknown, interactive: boolean, retry?: () => Promise<void>): void {
    if (isAbort(error)) return;
    const failure = classifyFailure(error, { interactive });
    if (failure.status === 'busy' && retry && this.#retries < MAX_AUTOMATIC_RETRIES) return this.#retryLater(failure.detail, retry);
    const status = failure.status === 'busy' ? 'error' : failure.status;
    this.#failure = failure.detail;
    if (status === 'signed-out') {
      this.#account = undefined;
      this.#dropTokens();
    }
    this.#set(status, failure.detail.code);
    if (status === 'error') emit(this.host, 'tpe-error', failure.detail);
  }

  #retryLater(detail: TpeErrorDetail, step: () => Promise<void>): void {
    this.#retries++;
    const seconds = retryDelaySeconds(detail.retryAfterSeconds, this.#retries);
    const waiting = { abort: new AbortController(), step };
    this.#waiting = waiting;
    this.#failure = detail;
    this.#retryInSeconds = seconds;
    this.#set('busy', detail.code);
    this.retryScheduler(seconds * 1000, waiting.abort.signal).then(
      () => {
        // Removed, restarted, signed out or retried by hand meanwhile: that wait is over, and nothing runs.
        if (waiting.abort.signal.aborted || this.#waiting !== waiting) return;
        this.#waiting = undefined;
        this.#retryInSeconds = undefined;
        this.host.requestUpdate();
        void this.#track(step());
      },
      () => undefined,
    );
  }

  #cancelRetry(): void {
    this.#waiting?.abort.abort();
    this.#waiting = undefined;
    this.#retryInSeconds = undefined;
    this.#retries = 0;
  }

  #set(status: ConsentStatus, reason?: string): void {
    const previous = this.#status;
    this.#status = status;
    // The remedy for a missing administrator's consent stays the same while it is shown: a person may be copying its link.
    if (status !== 'needs-admin-consent') this.#adminConsent = undefined;
    else if (!this.#adminConsent && this.settings) this.#adminConsent = adminConsentRemedy(this.settings, this.#account?.tenantId, this.#failure?.code);
    this.host.requestUpdate();
    if (previous !== status) emit(this.host, 'tpe-status-change', { status, previous, ...(reason ? { reason } : {}) });
  }
}
