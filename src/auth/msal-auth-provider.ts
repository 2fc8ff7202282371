import { BrowserAuthErrorCodes, EventType, InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication } from '@azure/msal-browser';
import type { AccountSummary, AuthProvider, SignInOptions } from './auth-provider.js';

const POPUP_BLOCKED: ReadonlySet<string> = new Set([BrowserAuthErrorCodes.popupWindowError, BrowserAuthErrorCodes.emptyWindowError]);

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

/** One MSAL application and its start (initialize, then finish a redirect sign-in if one is under way), run once. */
export interface MsalApplication {
  readonly msal: IPublicClientApplication;
  ready(): Promise<void>;
}

/**
 * An AuthProvider over MSAL Browser. Popups by default; redirect only as the configured fallback. Elements with
 * the same MSAL configuration share the application (its cache, its signed-in account) and each keeps its options.
 */
export class MsalAuthProvider implements AuthProvider {
  constructor(
    private readonly application: MsalApplication,
    private readonly options: MsalProviderOptions = {},
  ) {}

  get msal(): IPublicClientApplication {
    return this.application.msal;
  }

  get clientId(): string {
    return this.msal.getConfiguration().auth.clientId;
  }

  async initialize(): Promise<AccountSummary | undefined> {
    // MSAL starts once per application; each element asks afterwards who is signed in now.
    await this.application.ready();
    const all = this.msal.getAllAccounts();
    const active = this.msal.getActiveAccount();
    const account = active ?? (all.length === 1 ? all[0] : undefined);
    if (account && !active) this.msal.setActiveAccount(account);
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

  /** MSAL says when the active account changes, whichever element (or page code) changed it. */
  onAccountChange(listener: (account: AccountSummary | undefined) => void): () => void {
    const id = this.msal.addEventCallback(() => listener(this.activeAccount()), [EventType.ACTIVE_ACCOUNT_CHANGED]);
    return () => {
      if (id) this.msal.removeEventCallback(id);
    };
  }

  async signIn({ scopes, extraScopesToConsent, prompt = 'select_account', loginHint, quiet }: SignInOptions): Promise<AccountSummary> {
    const request = { scopes, extraScopesToConsent, prompt: quiet ? undefined : prompt, loginHint };
    try {
      const result = await this.msal.loginPopup(request);
      this.msal.setActiveAccount(result.account);
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
    return summary(result.account);
  }

  async signOut(): Promise<void> {
    const account = this.msal.getActiveAccount() ?? undefined;
    await this.msal.logoutPopup({ account });
    this.msal.setActiveAccount(null);
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
