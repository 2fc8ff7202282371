// Acting as the person in front of the dev tenant's sign-in window, which no page script may touch
// cross-origin: used by the browser tests' dev-tenant plugin and by `npm run bench:call-agent`.

import { readFile } from 'node:fs/promises';

export const SIGN_IN_TIMEOUT_MS = 15_000;

/**
 * The password of a user of the default fixture (the one the dev tenant runs unless told otherwise): picking
 * a tile only fills the name in, and the person then types the password, as on Entra's page.
 * @param {string} upn
 */
async function fixturePassword(upn) {
  const fixture = JSON.parse(await readFile(new URL('../dev-tenant/fixtures/contoso.json', import.meta.url), 'utf8'));
  // A user of any of its tenants: the page at `organizations` offers every tenant's users.
  const directories = /** @type {Array<{ users: Array<{ userPrincipalName: string, password: string }> }>} */ ([fixture, ...(fixture.otherTenants ?? [])]);
  const user = directories.flatMap((d) => d.users).find((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
  if (!user) throw new Error(`${upn} is not a user of the default fixture: pass its password in the sign-in action`);
  return user.password;
}

/**
 * @typedef {object} SignInAction
 * @property {string} upn the fixture user to sign in as
 * @property {string} [password] type the user name and this password (Enter submits) instead of picking the user's
 *   tile and typing the fixture's password for it
 * @property {boolean} [consentForOrg] tick "Consent on behalf of your organization" first
 * @property {boolean} [cancel] press Cancel instead of signing in
 * @property {boolean} [signedInAlready] fail unless the window only asks the user, signed in already, to accept
 * @property {string} [path] which dev tenant page to act on; the authorize page unless told
 */

/**
 * Finds the window of a browser context that shows the dev tenant, waiting for it to open.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url the dev tenant's URL
 * @param {string} pathPart
 * @param {number} [timeoutMs]
 * @returns {Promise<import('playwright-core').Page>}
 */
export async function devTenantWindow(context, url, pathPart, timeoutMs = SIGN_IN_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of context.pages()) {
      if (page.url().startsWith(url) && page.url().includes(pathPart)) return page;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no dev tenant window showing ${pathPart} opened within ${timeoutMs} ms`);
}

/**
 * Waits for the dev tenant's sign-in (or consent) window in `context` and does what `action` says there.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} devTenantUrl
 * @param {SignInAction} action
 */
export async function signInThroughDevTenant(context, devTenantUrl, action) {
  const { upn, password, consentForOrg = false, cancel = false, signedInAlready = false, path = '/oauth2/v2.0/authorize' } = action;
  const window = await devTenantWindow(context, devTenantUrl, path);
  await window.waitForSelector('form');
  // A consent prompt for someone signed in already: they accept as themselves (another person would sign out first).
  const signedInAs = await window.locator('#signed-in-as').textContent({ timeout: 100 }).catch(() => null);
  if (signedInAlready && !signedInAs?.includes(`(${upn})`)) throw new Error(`the dev tenant asked ${upn} to sign in again instead of only to accept`);
  if (cancel) {
    await window.click('#cancel');
  } else if (signedInAs?.includes(`(${upn})`)) {
    if (consentForOrg) await window.check('input[name=consent_for_org]');
    await window.click('#accept');
  } else if (password !== undefined) {
    if (consentForOrg) await window.check('input[name=consent_for_org]');
    await window.fill('#username', upn);
    await window.fill('#password', password);
    // Enter, as a person types: it must submit the typed account, not the first tile.
    await window.press('#password', 'Enter');
  } else {
    // The tile fills the name in and asks for the password on a new page (where the tick box is fresh).
    await window.click(`button[data-upn="${upn}"]`);
    await window.waitForSelector('#password[autofocus]');
    if (consentForOrg) await window.check('input[name=consent_for_org]');
    await window.fill('#password', await fixturePassword(upn));
    await window.click('#sign-in');
  }
}
