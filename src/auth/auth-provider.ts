/** The signed-in person, as elements may show them: never a token. */
export interface AccountSummary {
  id: string;
  username: string;
  name: string;
  tenantId: string;
  objectId: string;
}

export interface SignInOptions {
  scopes: string[];
  /** Scopes of other resources to consent in the same prompt. */
  extraScopesToConsent?: string[];
  prompt?: 'select_account' | 'consent' | 'login';
  loginHint?: string;
  /**
   * No account picker: the identity provider finishes at once (the window opens and closes) when the person named by
   * `loginHint` is still signed in there, and asks as usual otherwise.
   */
  quiet?: boolean;
}

/**
 * What elements need from an identity library. MSAL implements it; a page (or a test) may hand in another.
 * Interactive calls must be made straight from a user gesture, or browsers block the popup.
 */
export interface AuthProvider {
  readonly clientId: string;
  /**
   * Finishes a redirect sign-in if one is under way, and returns the account already signed in, if any. With
   * several cached accounts and none chosen, it returns none: the person picks.
   */
  initialize(): Promise<AccountSummary | undefined>;
  accounts(): AccountSummary[];
  activeAccount(): AccountSummary | undefined;
  setActiveAccount(id: string): void;
  signIn(options: SignInOptions): Promise<AccountSummary>;
  /**
   * Signs the person named by `loginHint` in without a window (in a hidden frame), when the identity provider still
   * knows them and the browser shows it its own cookie there (a browser that blocks third-party cookies does not);
   * rejects otherwise. Optional: without it, signing in again always takes a click.
   */
  signInSilently?(options: { scopes: string[]; loginHint: string }): Promise<AccountSummary>;
  signOut(): Promise<void>;
  /** Tells `listener` whenever anyone on the page signs in or out with this provider; returns an unsubscribe. */
  onAccountChange(listener: (account: AccountSummary | undefined) => void): () => void;
  /** A token for `scopes`, silently; with `interactive`, a popup is allowed when interaction is required. */
  getAccessToken(scopes: string[], options?: { interactive?: boolean; prompt?: 'consent'; extraScopesToConsent?: string[] }): Promise<string>;
}
