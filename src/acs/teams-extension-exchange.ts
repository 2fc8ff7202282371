import { parseRetryAfter } from '../retry-after.js';
import { serviceBusy } from '../service-busy.js';
import { tpeError } from '../messages/error-words.js';
import { errorsSignInEn } from '../messages/errors.sign-in.en.js';
import type { TpeError } from '../tpe-error.js';

export const TEAMS_EXTENSION_API_VERSION = '2025-06-30';

export interface TeamsExtensionToken {
  token: string;
  expiresOnTimestamp: number;
  /** `8:acs:<resource>_<tenant>_<user>`: the agent's dual-persona identity. */
  identityId: string;
}

/**
 * ACS's 403 refusals of the CCaaS-persona exchange, by code, with what the agent or an admin can do about each (the
 * words: src/messages/). Only the licence code is seen in Microsoft's own words; the consent codes are not published
 * (the dev tenant keeps its guesses in one table, dev-tenant/src/acs/unpublished-codes.ts), so they only refine a 403.
 */
const REFUSALS: Readonly<Record<string, () => TpeError>> = {
  UserNotAssigned: () => tpeError(errorsSignInEn, 'no-assignment', 'acs'),
  ClientNotAssigned: () => tpeError(errorsSignInEn, 'no-assignment', 'acs', { reason: 'client' }),
  NoResourceAccountLinked: () => tpeError(errorsSignInEn, 'no-linked-resource-account', 'acs'),
  UserLicenseNotPresentForbidden: () => tpeError(errorsSignInEn, 'no-teams-license', 'acs'),
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
    throw tpeError(errorsSignInEn, 'network', 'acs');
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
  // The status and ACS's documented error envelope first: a 403 in it means the agent is known and not let in (no
  // assignment, or no linked resource account). The code, when it is one we know, only says which.
  if (response.status === 403 && typeof body.error?.code === 'string') {
    const refusal = REFUSALS[body.error.innererror?.code ?? ''] ?? REFUSALS[body.error.code];
    throw refusal ? refusal() : tpeError(errorsSignInEn, 'no-assignment', 'acs', { reason: 'access' });
  }
  throw tpeError(errorsSignInEn, 'exchange-failed', 'acs', { status: response.status, ...(body.error?.code ? { code: body.error.code } : {}) });
}
