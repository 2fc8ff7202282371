import { forbidden, type AcsError } from './errors.js';

/**
 * ACS's refusals of the Teams extension exchange whose exact codes are NOT published: the REST spec of
 * 2025-06-30 and Microsoft Learn say only that the exchange needs agent consent (a user assignment naming the
 * client app) and server consent (a linked resource account), not which code a refusal carries. The status
 * (403: the caller is known, the access is not granted) and the ACS error envelope are what ACS uses for every
 * such refusal; the codes below are the dev tenant's own words, kept in this one table so that they are easy to
 * correct once the real ones are seen. A client must match on the status and the envelope first, the code second.
 */
export const UNPUBLISHED_EXCHANGE_REFUSALS = {
  /** The user has no `user` assignment in the tenant: no agent consent. */
  userNotAssigned: { status: 403, code: 'UserNotAssigned' },
  /** The user is assigned, but not for the client app the Entra token was issued to. */
  clientNotAssigned: { status: 403, code: 'ClientNotAssigned' },
  /** No resource account of the tenant is linked to this ACS resource: no server consent. */
  noResourceAccountLinked: { status: 403, code: 'NoResourceAccountLinked' },
} as const satisfies Record<string, { status: 403; code: string }>;

export type UnpublishedRefusal = keyof typeof UNPUBLISHED_EXCHANGE_REFUSALS;

export function exchangeRefusal(refusal: UnpublishedRefusal, message: string): AcsError {
  return forbidden(UNPUBLISHED_EXCHANGE_REFUSALS[refusal].code, message);
}
