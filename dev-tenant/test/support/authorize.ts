import { createHash, randomBytes } from 'node:crypto';
import { userByUpn, type DevTenant } from '../../src/testing.js';

export const REDIRECT_URI = 'http://localhost:5173/redirect.html';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** `authority` is the path's tenant segment: the top-level tenant's id unless a test names another or `organizations`. */
export function authorizeUrl(tenant: DevTenant, params: Record<string, string>, authority = tenant.ctx.fixture.tenant.id): string {
  const url = new URL(`${tenant.url}/${authority}/oauth2/v2.0/authorize`);
  const defaults = {
    client_id: tenant.ctx.fixture.apps.ccaasClient.appId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile offline_access User.Read',
    state: 'state-123',
    nonce: 'nonce-456',
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) url.searchParams.set(k, v);
  return url.href;
}

/** Reads the hidden `request` field of the sign-in page, as a browser would submit it. */
export function formRequestField(html: string): string {
  const match = /name="request" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no sign-in form on the page');
  return match[1]!;
}

/** Fragment or query parameters of a redirect `Location`. */
export function redirectParams(location: string | null): URLSearchParams {
  if (!location) throw new Error('no Location header');
  const url = new URL(location);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

/**
 * Walks the authorize page as a person would: open it, pick the user's tile (which asks for the password),
 * type the fixture user's password, submit. Returns the redirect.
 */
export async function signInThroughPage(
  tenant: DevTenant,
  upn: string,
  params: Record<string, string>,
  extraForm: Record<string, string> = {},
  authority = tenant.ctx.fixture.tenant.id,
) {
  const action = `${tenant.url}/${authority}/oauth2/v2.0/authorize`;
  const page = await fetch(authorizeUrl(tenant, params, authority), { redirect: 'manual' });
  const picked = await fetch(action, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ request: formRequestField(await page.text()), pick: upn }) });
  const passwordStep = await picked.text();
  if (picked.status !== 200 || !passwordStep.includes(`value="${upn}"`)) throw new Error(`picking ${upn} did not ask for the password (${picked.status})`);
  const password = userByUpn(tenant, upn).password;
  const response = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ request: formRequestField(passwordStep), username: upn, password, action: 'sign-in', ...extraForm }),
  });
  return { status: response.status, params: redirectParams(response.headers.get('location')), cookie: response.headers.get('set-cookie') };
}

export async function redeemCode(tenant: DevTenant, code: string, verifier: string, overrides: Record<string, string> = {}, authority = tenant.ctx.fixture.tenant.id) {
  const response = await fetch(`${tenant.url}/${authority}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { origin: 'http://localhost:5173' },
    body: new URLSearchParams({
      client_id: tenant.ctx.fixture.apps.ccaasClient.appId,
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
      client_info: '1',
      scope: 'openid profile offline_access User.Read',
      ...overrides,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
