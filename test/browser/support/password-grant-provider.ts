import type { AccountSummary, AuthProvider } from '../../../src/auth/auth-provider.js';
import { claimsOf, devTenant } from './dev-tenant.js';

/**
 * An AuthProvider a host page could hand in: it signs a fixture user in with the password grant, so no
 * window opens. Give it the test automation client id (`config.testAutomation.clientId`): the SPA registration
 * refuses the password grant, as Entra does. Tokens are the dev tenant's real ones. Used where a popup would get in the test's way.
 * With `silent`, it also signs in without a window (`signInSilently`) as an identity provider that still knows
 * the user does; without it, like MSAL where the browser withholds the identity provider's cookie from a frame,
 * it has no such sign-in to offer.
 */
export class PasswordGrantProvider implements AuthProvider {
  #account?: AccountSummary;
  readonly #listeners = new Set<(account: AccountSummary | undefined) => void>();

  constructor(
    readonly clientId: string,
    private readonly username: string,
    private readonly password: string,
    { silent = false }: { silent?: boolean } = {},
  ) {
    if (silent) this.signInSilently = ({ scopes, loginHint }) => (loginHint === username ? this.signIn({ scopes }) : Promise.reject(new Error('login_required')));
  }

  signInSilently?: AuthProvider['signInSilently'];

  async initialize() {
    return this.#account;
  }
  accounts() {
    return this.#account ? [this.#account] : [];
  }
  activeAccount() {
    return this.#account;
  }
  setActiveAccount() {}
  onAccountChange(listener: (account: AccountSummary | undefined) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async signIn({ scopes }: { scopes: string[] }): Promise<AccountSummary> {
    const token = await this.getAccessToken(scopes);
    const claims = claimsOf(token) as Record<string, string>;
    // Graph and ACS tokens are v1 (`upn`); a token for a v2 API names the user `preferred_username`.
    const username = claims.ver === '1.0' ? claims.upn : claims.preferred_username;
    this.#account = { id: `${claims.oid}.${claims.tid}`, username: username!, name: claims.name!, tenantId: claims.tid!, objectId: claims.oid! };
    return this.#account;
  }

  async signOut() {
    this.#account = undefined;
  }

  async getAccessToken(scopes: string[]): Promise<string> {
    const { config } = await devTenant();
    const response = await fetch(`${config.urls.entra}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: this.clientId, grant_type: 'password', username: this.username, password: this.password, scope: scopes.join(' ') }),
    });
    const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string; suberror?: string };
    if (!body.access_token) throw Object.assign(new Error(body.error_description), { errorCode: body.error, errorMessage: body.error_description, subError: body.suberror });
    return body.access_token;
  }
}
