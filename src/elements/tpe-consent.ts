import { html, isServer, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { consume } from '@lit/context';
import { property } from 'lit/decorators.js';
import type { AccountSummary, AuthProvider } from '../auth/auth-provider.js';
import type { AdminController } from '../consent/admin-controller.js';
import type { RetryScheduler } from '../consent/busy-retry.js';
import { ConsentController } from '../consent/consent-controller.js';
import type { ConsentStatus } from '../consent/consent-events.js';
import type { ConsentSettings, ConsentSettingsOverrides } from '../consent/consent-settings.js';
import { documentServices, pageServicesContext, type PageServices } from '../page-services.js';
import { copyable } from './copyable.js';
import { TpeElement } from './tpe-element.js';
import { sayError } from '../messages/error-words.js';
import { consentStrings, type ConsentStrings } from './tpe-consent.strings.js';

/**
 * Signs a contact-center agent or administrator in with Entra, asks for the consents Teams Phone
 * extensibility needs, and says exactly what is missing until the person is ready.
 *
 * @tagname tpe-consent
 * @fires tpe-signed-in - A person signed in: `{account}` (never a token).
 * @fires tpe-signed-out - The person signed out.
 * @fires {CustomEvent<StatusChangeDetail<ConsentStatus>>} tpe-status-change - `{status, previous, reason?}` after sign-in, consent or a check changed the status;
 *   `busy` (reason `service-busy`) while a service that asked to wait is waited out.
 * @fires tpe-consent-granted - `{kind: 'user' | 'admin'}` once consent was given.
 * @fires tpe-error - `{code, message, remedy, source}` when something failed.
 * @fires tpe-resource-account-linked - Admin view: `{resourceAccountId, displayName}` once a resource account is linked to this app.
 * @fires tpe-resource-account-unlinked - Admin view: `{resourceAccountId, displayName}` once a resource account is unlinked.
 * @fires tpe-agent-access-changed - Admin view: `{userId, displayName, granted}` once an agent (or group) was given or lost access.
 * @csspart message - The sentence that explains it.
 * @csspart remedy - What to do about it.
 * @csspart actions - The row of buttons.
 * @csspart account - Who is signed in.
 * @csspart shared-sign-in - Small print: the sign-in is shared with another tab.
 * @csspart sign-in-button - Sign in (or use another account).
 * @csspart account-button - Continue as an account already signed in on this browser.
 * @csspart sign-out-button - Sign out.
 * @csspart consent-button - Review the permissions the user can grant.
 * @csspart admin-consent-button - Grant admin consent for the organization.
 * @csspart admin-consent-link - The admin-consent link to copy for an administrator.
 * @csspart command - The PowerShell command to copy when the ACS app is missing from the tenant.
 * @csspart copy-button - The Copy button beside a link, command or script.
 * @csspart retry-button - Check again.
 * @csspart resource-accounts - Admin view: the resource accounts section.
 * @csspart resource-account - Admin view: one resource account's row.
 * @csspart resource-account-status - Admin view: whether the row is linked, or what is wrong with it.
 * @csspart link-button - Admin view: link a resource account to this app.
 * @csspart unlink-button - Admin view: unlink a resource account.
 * @csspart resource-account-fix - Admin view: the row under a resource account that needs a fix.
 * @csspart fix-script - Admin view: the fix, a PowerShell script to copy.
 * @csspart fix-script-refused - Admin view: why no script is offered (a value would not be safe in one).
 * @csspart agents - Admin view: the agents' access section.
 * @csspart search - Admin view: the directory search form.
 * @csspart search-button - Admin view: Search.
 * @csspart directory-entry - Admin view: one person or group found.
 * @csspart access-state - Admin view: whether that entry has access.
 * @csspart grant-button - Admin view: give that entry access.
 * @csspart revoke-button - Admin view: take that entry's access away.
 * @csspart busy - Admin view: a directory read waiting out a busy service.
 */
export class TpeConsent extends TpeElement<ConsentStrings> {
  protected readonly defaultStrings = consentStrings;

  /** The token proxy; with it alone, every other setting is read from its `/api/config`. */
  @property({ attribute: 'proxy-url' }) proxyUrl?: string;
  /**
   * `agent` (client authorization) or `admin` (provisioning and server authorization). Not named `role`:
   * that attribute is the element's ARIA role, and `role="admin"` would be an invalid one for assistive tech.
   */
  @property({ reflect: true }) mode: 'agent' | 'admin' = 'agent';
  /** `ccaas`: the dual-persona agent of a contact center (browser exchange); `teams`: a custom Teams client (through the proxy). */
  @property() persona: 'ccaas' | 'teams' = 'ccaas';
  /** The CCaaS client app's id, if not from the proxy. */
  @property({ attribute: 'client-id' }) clientId?: string;
  /** The Entra authority, e.g. `https://login.microsoftonline.com/organizations`, if not from the proxy. */
  @property() authority?: string;
  /** A same-origin page running MSAL's redirect bridge (default `./redirect.html`). */
  @property({ attribute: 'redirect-uri' }) redirectUri?: string;
  /** A plain same-origin page the admin-consent popup returns to. */
  @property({ attribute: 'admin-consent-redirect-uri' }) adminConsentRedirectUri?: string;
  /** Sign in by full-page redirect when the browser blocks the popup. */
  @property({ type: Boolean, attribute: 'redirect-fallback' }) redirectFallback = false;
  /** Any setting as an object: clientId, authority, authorityMetadata, redirectUri, scopes, … */
  @property({ attribute: false }) config: ConsentSettingsOverrides = {};
  /** An identity provider the page already owns (another MSAL instance, a test double). */
  @property({ attribute: false }) authProvider?: AuthProvider;
  /**
   * How the element waits before asking a busy service again (it waits what the service's Retry-After
   * said, 1 s to 2 min): a timer unless set. `(delayMs, signal) => Promise<void>`, rejecting once `signal` aborts.
   */
  @property({ attribute: false }) retryScheduler?: RetryScheduler;
  /**
   * `shared` (the default, agent mode): a tab that opens while another tab of this origin is signed in (same client id) starts
   * signed in, asking that tab for each ACS token in memory; signing out in one tab signs them all out.
   * `independent`: each tab signs in by itself.
   */
  @property() tabs?: 'shared' | 'independent';
  /**
   * What the page's elements share (the proxy's settings, the MSAL applications): from a `pageServicesContext`
   * provider above the element, or set here; the document's own otherwise.
   */
  @consume({ context: pageServicesContext })
  @property({ attribute: false })
  services?: PageServices;
  /** Any of the words the element shows, failures included (`errors`, by code), to translate or reword (defaults: `consentStrings`; German: `consentStringsDe`). */
  @property({ attribute: false }) strings: Partial<ConsentStrings> = {};
  /**
   * Where sign-in stands; reflected so pages can style on it. Set by the element only.
   * @readonly
   */
  @property({ reflect: true }) status: ConsentStatus = 'signed-out';

  protected readonly consent = new ConsentController(this, () => ({
    proxyUrl: this.proxyUrl,
    mode: this.mode,
    services: this.services ?? documentServices(),
    persona: this.persona,
    authProvider: this.authProvider,
    redirectFallback: this.redirectFallback,
    retryScheduler: this.retryScheduler,
    shareSignIn: this.mode === 'agent' && this.tabs !== 'independent',
    overrides: {
      ...this.config,
      ...(this.clientId && { clientId: this.clientId }),
      ...(this.authority && { authority: this.authority }),
      ...(this.redirectUri && { redirectUri: this.redirectUri }),
      ...(this.adminConsentRedirectUri && { adminConsentRedirectUri: this.adminConsentRedirectUri }),
    },
  }));

  /** The admin view's controller and panel, loaded the first time the element is in admin mode. */
  protected admin?: { controller: AdminController; panel: typeof import('./admin-view.js').adminPanel };
  #adminLoading = false;
  /** Whether the element has a box on the page (a hidden view has none): the admin view reads Graph only then; watched to update when it changes. */
  #shown = false;
  #sizes?: ResizeObserver;

  #watchSize(): void {
    if (this.#sizes) return;
    this.#sizes = new ResizeObserver(([entry]) => {
      // Every change of box asks again (an observation can be skipped while the page runs no rendering).
      this.#shown = Boolean(entry && (entry.contentRect.width > 0 || entry.contentRect.height > 0));
      this.requestUpdate();
    });
    this.#sizes.observe(this);
  }

  #loadAdminView(): void {
    this.#watchSize();
    if (this.admin || this.#adminLoading) return;
    this.#adminLoading = true;
    void import('./admin-view.js')
      .then(({ AdminController, adminPanel }) => {
        // Asked when the reads would start, not remembered: a page in the background runs no resize observations.
        const shown = () => (typeof this.checkVisibility === 'function' ? this.checkVisibility() : this.#shown);
        this.admin = { controller: new AdminController(this, this.consent, shown), panel: adminPanel };
        this.requestUpdate();
      })
      .finally(() => (this.#adminLoading = false));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sizes?.disconnect();
    this.#sizes = undefined;
  }

  /** The signed-in person (name, username, tenant and object ids); never a token. */
  get account(): AccountSummary | undefined {
    return this.consent.account;
  }

  /** Opens the sign-in popup; call it from a click. */
  signIn(): void {
    this.consent.signIn();
  }

  /** Signs the person out of this app (MSAL logout) and says so with tpe-signed-out. */
  signOut(): Promise<void> {
    return this.consent.signOut();
  }

  /** Checks again what the person can do (after an admin acted elsewhere). */
  refresh(): Promise<void> {
    return this.consent.refresh();
  }

  /** A token for `scopes` for the signed-in person, silently. */
  getAccessToken(scopes: string[]): Promise<string> {
    return this.consent.getAccessToken(scopes);
  }

  /** A fresh ACS token for this agent's persona, silently: what `<tpe-call-agent>` goes online with. */
  getAcsToken(signal?: AbortSignal): Promise<{ token: string; expiresOnTimestamp: number }> {
    return this.consent.acsToken(signal);
  }

  /** Resolves with the status once nothing the element started (a sign-in, a check) is still running. */
  get settled(): Promise<ConsentStatus> {
    return this.consent.settled;
  }

  /** The resolved public settings (client id, authority, ACS endpoint, calling stack…), once read. */
  get settings(): Readonly<ConsentSettings> | undefined {
    return this.consent.settings;
  }

  override connectedCallback(): void {
    // Pages written to the first draft of this API said role="admin"; take it, and say what to write instead.
    const legacy = this.getAttribute('role');
    if (legacy === 'admin' || legacy === 'agent') {
      console.warn(`<${this.localName}>: use mode="${legacy}"; role is the element's ARIA role.`);
      this.removeAttribute('role');
      this.mode = legacy;
    }
    super.connectedCallback();
  }

  /** Set when the person acts from inside the element, so that focus follows them to the outcome. */
  #focusOutcome = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const settings = ['proxyUrl', 'mode', 'persona', 'clientId', 'authority', 'redirectUri', 'adminConsentRedirectUri', 'redirectFallback', 'config', 'authProvider', 'tabs', 'services'] as const;
    if (this.hasUpdated && settings.some((name) => changed.has(name))) this.consent.restart();
    // A server renders the first state only (loading): the admin view and focus are the browser's business.
    if (this.mode === 'admin' && !isServer) this.#loadAdminView();
    // Read before the new state's DOM replaces the control the person just used.
    if (!isServer && this.consent.status !== this.status && this.matches(':focus-within')) this.#focusOutcome = true;
    this.status = this.consent.status;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('status') || changed.get('status') === undefined) return;
    // Not while a sign-in window is open (that would pull this window in front of it), and not when the
    // page is in the background; once settled, the heading of the new state takes focus and is announced.
    if (this.#focusOutcome && this.status !== 'signing-in' && document.hasFocus()) {
      this.#focusOutcome = false;
      this.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    }
  }

  protected override render() {
    const t = this.text;
    if (!this.consent.initialized && !this.consent.failure) {
      return this.frame(html`<p role="status">${t.loading}</p>`);
    }
    return this.frame(this.view());
  }

  protected view(): TemplateResult {
    const t = this.text;
    const failure = this.consent.failure && { ...this.consent.failure, ...sayError(t.errors, this.consent.failure) };
    const title = (text: string) => this.heading(text);
    const explain = () =>
      failure
        ? html`<p part="message" role="status">${failure.message}</p>
            <p part="remedy" class="remedy">${failure.remedy}</p>`
        : nothing;
    switch (this.consent.status) {
      case 'signing-in':
        return html`${title(t.signIn)}<p part="message" role="status">${t.signingIn}</p>`;
      case 'ready':
        return html`${title(this.mode === 'admin' ? t.readyAdmin : t.ready)}
          <p part="account">${t.signedInAs(this.account?.name ?? '', this.account?.username ?? '')}</p>
          ${this.consent.tabs?.borrowing ? html`<p part="shared-sign-in" class="remedy">${t.sharedSignIn}</p>` : nothing}
          ${this.readyContent()}
          <div part="actions" class="actions"><button class="secondary" part="sign-out-button" @click=${() => this.signOut()}>${t.signOut}</button></div>`;
      case 'needs-consent':
        return html`${title(t.reviewPermissions)}${explain()}
          <div part="actions" class="actions">
            <button part="consent-button" @click=${() => this.consent.consent()}>${t.reviewPermissions}</button>
            <button class="secondary" part="sign-out-button" @click=${() => this.signOut()}>${t.signOut}</button>
          </div>`;
      case 'needs-admin-consent':
        return html`${title(t.needsAdminConsentTitle)}${explain()}${this.adminRemedy()}`;
      case 'needs-assignment':
        return html`${title(t.needsAssignmentTitle)}${explain()}
          <div part="actions" class="actions">
            <button part="retry-button" @click=${() => this.refresh()}>${t.tryAgain}</button>
            <button class="secondary" part="sign-out-button" @click=${() => this.signOut()}>${t.signOut}</button>
          </div>`;
      case 'busy': {
        const seconds = this.consent.retryInSeconds;
        return html`${title(t.busyTitle)}
          <p part="message" role="status">${failure?.message}</p>
          <p part="remedy" class="remedy">${seconds === undefined ? t.retrying : t.retryingIn(seconds)}</p>
          <div part="actions" class="actions">
            <button part="retry-button" @click=${() => this.refresh()}>${t.tryAgainNow}</button>
          </div>`;
      }
      case 'error':
        return html`${title(t.errorTitle)}${explain()}
          <div part="actions" class="actions">
            <button part="retry-button" @click=${() => (this.account ? this.refresh() : this.signIn())}>${t.tryAgain}</button>
          </div>`;
      default:
        return this.signedOut();
    }
  }

  /** What a ready element shows under the account (the admin view adds its panel here). */
  protected readyContent(): TemplateResult | typeof nothing {
    const settings = this.consent.settings;
    if (this.mode !== 'admin' || !settings) return nothing;
    if (!this.admin) return html`<p role="status">${this.text.loadingResourceAccounts}</p>`;
    return this.admin.panel(this.admin.controller, this.text, { botAppId: settings.ccaasBotAppId ?? '', acsResourceId: settings.acsResourceId });
  }

  private signedOut() {
    const t = this.text;
    const known = this.consent.provider?.accounts() ?? [];
    const note = this.consent.failure ? html`<p part="message" role="status">${sayError(t.errors, this.consent.failure).message}</p>` : nothing;
    return html`${this.heading(this.mode === 'admin' ? t.signedOutAdminTitle : t.signedOutTitle)}
      ${note}
      <div part="actions" class="actions">
        ${known.map((a) => html`<button part="account-button" @click=${() => this.consent.chooseAccount(a)}>${t.continueAs(a.name)}</button>`)}
        <button part="sign-in-button" class=${known.length ? 'secondary' : ''} @click=${() => this.signIn()}>${known.length ? t.useAnotherAccount : t.signIn}</button>
      </div>`;
  }

  private adminRemedy() {
    const t = this.text;
    const remedy = this.consent.adminConsent;
    if (!remedy) return nothing;
    if (remedy.command) return copyable(t.commandLabel, remedy.command, t.copy, 'command', true);
    return html`${copyable(t.adminConsentLinkLabel, remedy.link, t.copy, 'admin-consent-link')}
      <div part="actions" class="actions">
        <button part="admin-consent-button" @click=${() => this.consent.grantAdminConsent()}>${t.grantAdminConsent}</button>
        <button class="secondary" part="retry-button" @click=${() => this.refresh()}>${t.tryAgain}</button>
        <button class="secondary" part="sign-out-button" @click=${() => this.signOut()}>${t.signOut}</button>
      </div>`;
  }
}
