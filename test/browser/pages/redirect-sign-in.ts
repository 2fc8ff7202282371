// A page that signs in by full-page redirect and, once MSAL resumes it, tells the test who signed in.
import { loadDevTenant } from '../support/dev-tenant-config.js';
import { createMsalFor } from '../support/msal.js';

export const REDIRECT_CHANNEL = 'redirect-sign-in';

const channel = new BroadcastChannel(REDIRECT_CHANNEL);
const msal = await createMsalFor((await loadDevTenant()).config);
try {
  const result = await msal.handleRedirectPromise();
  if (result) {
    channel.postMessage({ username: result.account.username, resumed: true, scopes: result.scopes });
  } else {
    await msal.loginRedirect({ scopes: ['User.Read'] });
  }
} catch (error) {
  channel.postMessage({ error: (error as { errorCode?: string }).errorCode ?? String(error) });
}
