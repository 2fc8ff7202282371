// A page that already owns an identity library hands <tpe-consent> its own provider, so MSAL is never
// downloaded. This one has nobody signed in: the element shows its sign-in button and waits.
import 'tpe-elements/define/tpe-consent.js';
import type { AccountSummary, AuthProvider } from 'tpe-elements';
import { proxyUrl } from './proxy-url.js';

const identity = document.querySelector<HTMLOutputElement>('#identity')!;

class PageIdentity implements AuthProvider {
  readonly clientId = 'the-page-own-client-id';
  async initialize(): Promise<AccountSummary | undefined> {
    identity.value = 'asked, nobody signed in';
    return undefined;
  }
  accounts(): AccountSummary[] {
    return [];
  }
  activeAccount(): AccountSummary | undefined {
    return undefined;
  }
  setActiveAccount(): void {}
  signIn(): Promise<AccountSummary> {
    return Promise.reject(new Error('this page signs in elsewhere'));
  }
  async signOut(): Promise<void> {}
  onAccountChange(): () => void {
    return () => {};
  }
  getAccessToken(): Promise<string> {
    return Promise.reject(new Error('nobody is signed in'));
  }
}

const consent = document.querySelector('tpe-consent')!;
consent.authProvider = new PageIdentity();
consent.proxyUrl = proxyUrl;
