import type { FixtureUser } from '../fixture.js';

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapeMap[c]!);
}

export interface SignInPageModel {
  title: string;
  appName: string;
  tenantName: string;
  /** Form action (same path; the original query travels in the hidden `request` field). */
  action: string;
  request: string;
  users: FixtureUser[];
  loginHint?: string;
  /** An account was picked: its name is filled in and the password is asked for next. */
  passwordStep?: boolean;
  /** Permissions the user is asked to accept, described for people. */
  consent: string[];
  /** Shown to administrators when some permission needs tenant-wide consent. */
  offerOrgConsent: boolean;
  orgConsentOnly?: boolean;
  /** Already signed in to the authority in this browser (a consent prompt): they accept as themselves, no password. */
  signedIn?: FixtureUser;
  error?: string;
}

/**
 * A plain, accessible sign-in page: pick a fixture user (which fills in the name) or type one, give the
 * password, then accept the permissions. The tiles submit a form of their own, so that Enter in the password
 * field submits what was typed rather than the first tile.
 */
export function renderSignInPage(m: SignInPageModel): string {
  const userButtons = m.users
    .map(
      (u) =>
        `<li><button type="submit" form="pick-account" name="pick" value="${escapeHtml(u.userPrincipalName)}" data-upn="${escapeHtml(u.userPrincipalName)}">${escapeHtml(u.displayName)}<span>${escapeHtml(u.userPrincipalName)}${u.roles.length ? ` · ${escapeHtml(u.roles.join(', '))}` : ''}</span></button></li>`,
    )
    .join('');
  const consent = m.consent.length
    ? `<section aria-labelledby="consent-title"><h2 id="consent-title">${escapeHtml(m.appName)} asks to</h2><ul class="scopes">${m.consent
        .map((c) => `<li>${escapeHtml(c)}</li>`)
        .join('')}</ul>${
        m.offerOrgConsent
          ? `<label class="org"><input type="checkbox" name="consent_for_org" value="1"${m.orgConsentOnly ? ' checked' : ''}> Consent on behalf of your organization</label>`
          : ''
      }</section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.title)} · dev tenant</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; display: grid; place-items: center; min-height: 100vh; background: Canvas; color: CanvasText; }
  main { width: min(28rem, 92vw); padding: 2rem; border: 1px solid GrayText; border-radius: 0.75rem; }
  h1 { font-size: 1.4rem; margin: 0 0 0.25rem; } h2 { font-size: 1rem; }
  p.tenant { margin: 0 0 1.5rem; color: GrayText; }
  ul { list-style: none; padding: 0; margin: 0 0 1rem; }
  ul.scopes { list-style: disc; padding-left: 1.25rem; }
  li button { width: 100%; text-align: left; margin: 0.25rem 0; padding: 0.6rem 0.8rem; font: inherit; border-radius: 0.4rem; border: 1px solid GrayText; background: Canvas; color: CanvasText; cursor: pointer; }
  li button span { display: block; font-size: 0.8rem; color: GrayText; }
  label { display: block; margin: 0.75rem 0 0.25rem; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.5rem; font: inherit; }
  .actions { display: flex; gap: 0.5rem; margin-top: 1rem; }
  .actions button { padding: 0.55rem 1.1rem; font: inherit; border-radius: 0.4rem; }
  .error { color: #b00020; font-weight: 600; } @media (prefers-color-scheme: dark) { .error { color: #ff8a80; } }
  .org { font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>${escapeHtml(m.title)}</h1>
  <p class="tenant">${escapeHtml(m.tenantName)} · to continue to ${escapeHtml(m.appName)}</p>
  ${m.error ? `<p class="error" role="alert">${escapeHtml(m.error)}</p>` : ''}
  <form method="post" action="${escapeHtml(m.action)}">
    <input type="hidden" name="request" value="${escapeHtml(m.request)}">
    ${consent}
    ${m.signedIn ? signedInForm(m.signedIn) : pickOrTypeForm(m, userButtons)}
  </form>
  ${m.signedIn ? '' : `<form id="pick-account" method="post" action="${escapeHtml(m.action)}"><input type="hidden" name="request" value="${escapeHtml(m.request)}"></form>`}
</main>
</body>
</html>`;
}

/** Entra's consent prompt for a person signed in already: who they are, and Accept. */
function signedInForm(user: FixtureUser): string {
  return `<p id="signed-in-as">Signed in as ${escapeHtml(user.displayName)} (${escapeHtml(user.userPrincipalName)})</p>
    <div class="actions">
      <button type="submit" name="action" value="continue" id="accept">Accept</button>
      <button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
    </div>`;
}

function pickOrTypeForm(m: SignInPageModel, userButtons: string): string {
  return `<h2>Pick a fixture user</h2>
    <ul>${userButtons}</ul>
    <h2>Or type one</h2>
    <label for="username">Email</label>
    <input id="username" name="username" type="text" autocomplete="username" value="${escapeHtml(m.loginHint ?? '')}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required${m.passwordStep ? ' autofocus' : ''}>
    <div class="actions">
      <button type="submit" name="action" value="sign-in" id="sign-in">${m.consent.length ? 'Sign in and accept' : 'Sign in'}</button>
      <button type="submit" name="action" value="cancel" id="cancel" formnovalidate>Cancel</button>
    </div>`;
}

export function renderMessagePage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · dev tenant</title>
<style>:root{color-scheme:light dark;font-family:system-ui,sans-serif}main{max-width:36rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`;
}
