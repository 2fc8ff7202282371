import {
  BrowserAuthErrorCodes,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { AccountSummary, AuthProvider, SignInOptions } from './auth-provider.js';
import { msalConfiguration, type AuthoritySettings } from './msal-configuration.js';

const POPUP_BLOCKED = new Set<string>([BrowserAuthErrorCodes.popupWindowError, BrowserAuthErrorCodes.emptyWindowError]);

function summary(account: AccountInfo): AccountSummary {
  return {
    id: account.homeAccountId,
    username: account.username,
    name: account.name ?? account.username,
    tenantId: account.tenantId,
    objectId: account.localAccountId,
  };
}

export interface MsalProviderOptions {
  /** When the browser blocks the popup, sign in by full-page redirect instead (the page reloads). */
  redirectFallback?: boolean;
}

/** An AuthProvider over MSAL Browser. Popups by default; redirect only as the configured fallback. */
export class MsalAuthProvider implements AuthProvider {
  #ready: Promise<void> | undefined;
  readonly #listeners = new Set<(account: AccountSummary | undefined) => void>();

  constructor(
    readonly msal: IPublicClientApplication,
    private readonly options: MsalProviderOptions = {},
  ) {}

  get clientId(): string {
    return this.msal.getConfiguration().auth.clientId;
  }

  async initialize(): Promise<AccountSummary | undefined> {
    // MSAL initializes once per page; each element asks afterwards who is signed in now.
    this.#ready ??= (async () => {
      await this.msal.initialize();
      const result = await this.msal.handleRedirectPromise();
      if (result?.account) this.msal.setActiveAccount(result.account);
    })();
    await this.#ready;
    const all = this.msal.getAllAccounts();
    const account = this.msal.getActiveAccount() ?? (all.length === 1 ? all[0] : undefined);
    if (account) this.msal.setActiveAccount(account);
    return account ? summary(account) : undefined;
  }

  accounts(): AccountSummary[] {
    return this.msal.getAllAccounts().map(summary);
  }

  activeAccount(): AccountSummary | undefined {
    const account = this.msal.getActiveAccount();
    return account ? summary(account) : undefined;
  }

  setActiveAccount(id: string): void {
    const account = this.msal.getAllAccounts().find((a) => a.homeAccountId === id);
    if (account) this.msal.setActiveAccount(account);
  }

  onAccountChange(listener: (account: AccountSummary | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    const account = this.activeAccount();
    for (const listener of this.#listeners) listener(account);
  }

  async signIn({ scopes, extraScopesToConsent, prompt = 'select_account', loginHint, quiet }: SignInOptions): Promise<AccountSummary> {
    const request = { scopes, extraScopesToConsent, prompt: quiet ? undefined : prompt, loginHint };
    try {
      const result = await this.msal.loginPopup(request);
      this.msal.setActiveAccount(result.account);
      this.#notify();
      return summary(result.account);
    } catch (error) {
      if (this.options.redirectFallback && POPUP_BLOCKED.has((error as { errorCode?: string }).errorCode ?? '')) {
        await this.msal.loginRedirect(request);
      }
      throw error;
    }
  }

  async signInSilently({ scopes, loginHint }: { scopes: string[]; loginHint: string }): Promise<AccountSummary> {
    const result = await this.msal.ssoSilent({ scopes, loginHint });
    this.msal.setActiveAccount(result.account);
    this.#notify();
    return summary(result.account);
  }

  async signOut(): Promise<void> {
    const account = this.msal.getActiveAccount() ?? undefined;
    await this.msal.logoutPopup({ account });
    this.msal.setActiveAccount(null);
    this.#notify();
  }

  async getAccessToken(
    scopes: string[],
    { interactive = false, prompt, extraScopesToConsent }: { interactive?: boolean; prompt?: 'consent'; extraScopesToConsent?: string[] } = {},
  ): Promise<string> {
    const account = this.msal.getActiveAccount() ?? undefined;
    if (interactive && prompt) return (await this.msal.acquireTokenPopup({ scopes, account, prompt, extraScopesToConsent })).accessToken;
    try {
      return (await this.msal.acquireTokenSilent({ scopes, account })).accessToken;
    } catch (error) {
      if (!interactive || !(error instanceof InteractionRequiredAuthError)) throw error;
      return (await this.msal.acquireTokenPopup({ scopes, account })).accessToken;
    }
  }
}

const shared = new Map<string, MsalAuthProvider>();

/**
 * One MSAL instance (and so one signed-in account and one popup) per client id and authority on a page,
 * however many elements ask for it.
 */
export function sharedMsalProvider(settings: AuthoritySettings, options: MsalProviderOptions = {}): MsalAuthProvider {
  const key = `${settings.clientId}|${settings.authority}`;
  let provider = shared.get(key);
  if (!provider) {
    provider = new MsalAuthProvider(new PublicClientApplication(msalConfiguration(settings)), options);
    shared.set(key, provider);
  }
  return provider;
}
