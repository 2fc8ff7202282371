import { parseRetryAfter } from '../retry-after.js';
import { serviceBusy } from '../service-busy.js';
import { TpeError } from '../tpe-error.js';

export const TEAMS_EXTENSION_API_VERSION = '2025-06-30';

export interface TeamsExtensionToken {
  token: string;
  expiresOnTimestamp: number;
  /** `8:acs:<resource>_<tenant>_<user>`: the agent's dual-persona identity. */
  identityId: string;
}

/** ACS refusals of the CCaaS-persona exchange, with what the agent or an admin can do about each. */
const REFUSALS: Record<string, { code: string; message: string; remedy: string }> = {
  UserNotAssigned: { code: 'no-assignment', message: 'Your account has not been given access to take calls here yet.', remedy: 'Ask your CCaaS administrator to grant you agent access.' },
  ClientNotAssigned: { code: 'no-assignment', message: 'Your access does not include this agent app.', remedy: 'Ask your CCaaS administrator to grant you access for this app.' },
  NoResourceAccountLinked: { code: 'no-linked-resource-account', message: 'No Teams resource account is linked to this contact center yet.', remedy: 'Ask your CCaaS administrator to link a resource account.' },
  UserLicenseNotPresentForbidden: { code: 'no-teams-license', message: 'Your account has no Microsoft Teams licence.', remedy: 'Ask your Microsoft 365 administrator to assign you a Teams licence.' },
};

/**
 * The CCaaS persona's exchange, done in the browser without any secret: the agent's Entra token for
 * `TeamsExtension.ManageCalls` becomes an ACS token at the ACS endpoint. (The SDK's EntraTokenCredential
 * does the same call but cannot be pointed at the local dev tenant's plain-http endpoint.)
 */
export async function exchangeTeamsExtensionToken(acsEndpoint: string, entraToken: string, signal?: AbortSignal): Promise<TeamsExtensionToken> {
  const url = `${acsEndpoint.replace(/\/+$/, '')}/access/teamsExtension/:exchangeAccessToken?api-version=${TEAMS_EXTENSION_API_VERSION}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', signal, headers: { authorization: `Bearer ${entraToken}`, 'content-type': 'application/json' }, body: '{}' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new TpeError('network', 'Azure Communication Services could not be reached.', 'Check your network connection, then try again.', 'acs');
  }
  const body = (await response.json().catch(() => ({}))) as {
    identity?: { id: string };
    accessToken?: { token: string; expiresOn: string };
    error?: { code?: string; message?: string; innererror?: { code?: string } };
  };
  if (response.ok && body.accessToken && body.identity) {
    return { token: body.accessToken.token, expiresOnTimestamp: Date.parse(body.accessToken.expiresOn), identityId: body.identity.id };
  }
  // Throttled or unavailable: ACS's problem, so waiting helps and signing out again does not.
  if (response.status === 429 || response.status === 503) throw serviceBusy('acs', parseRetryAfter(response.headers.get('retry-after')));
  const reason = body.error?.innererror?.code ?? body.error?.code ?? '';
  const known = REFUSALS[reason] ?? REFUSALS[body.error?.code ?? ''];
  if (known) throw new TpeError(known.code, known.message, known.remedy, 'acs');
  throw new TpeError(
    'exchange-failed',
    `Azure Communication Services refused the sign-in (${response.status} ${body.error?.code ?? ''}).`.replace(' )', ')'),
    'Sign out and sign in again; if it keeps failing, ask your CCaaS administrator.',
    'acs',
  );
}
