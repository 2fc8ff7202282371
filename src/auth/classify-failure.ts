import { GraphRequestError } from '../graph/graph-request-error.js';
import { ProxyError } from '../proxy/proxy-client.js';
import { SERVICE_BUSY, serviceBusy } from '../service-busy.js';
import { errorDetail, type ErrorValues } from '../messages/error-words.js';
import { errorsSignInEn } from '../messages/errors.sign-in.en.js';
import { TpeError, type TpeErrorDetail } from '../tpe-error.js';

export const ACS_FIRST_PARTY_APP_ID = '1fd5118e-2576-4263-8130-9503064c837a';

/** `busy`: a service asked to be left alone for a while (429, 503); waiting, not the person, fixes it. */
export type FailureStatus = 'signed-out' | 'needs-consent' | 'needs-admin-consent' | 'needs-assignment' | 'busy' | 'error';

export interface Failure {
  status: FailureStatus;
  detail: TpeErrorDetail;
}

/**
 * MSAL's errors as documented (AuthError: `errorCode`, `errorMessage`, `subError`; its subclasses set `name`),
 * read by shape: this module is on every page's first load, and MSAL is loaded only when the element
 * creates its own provider. A page's own AuthProvider may throw the same shape.
 */
interface MsalLike {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
}

/** MSAL's InteractionRequiredAuthErrorCodes; the server's among them are OAuth's, so another provider may say them too. */
const INTERACTION_REQUIRED_CODES: ReadonlySet<string> = new Set([
  'interaction_required',
  'login_required',
  'bad_token',
  'ui_not_allowed',
  'interrupted_user',
  'no_tokens_found',
  'native_account_unavailable',
  'refresh_token_expired',
]);

function interactionRequired(error: MsalLike): boolean {
  return error.name === 'InteractionRequiredAuthError' || INTERACTION_REQUIRED_CODES.has(error.errorCode ?? '');
}

const NETWORK_CODES: ReadonlySet<string> = new Set(['post_request_failed', 'get_request_failed', 'network_error', 'no_network_connectivity', 'endpoints_resolution_error']);

/**
 * The proxy and Graph say "busy" with 429 (throttled) or 503 (an upstream or Entra's signing keys are
 * unavailable), Graph also with 504. A proxy from before 503 said `keys_unavailable` with a 401: still the
 * service's problem, never a reason to sign out.
 */
function busy(error: unknown): TpeError | undefined {
  if (error instanceof TpeError && error.code === SERVICE_BUSY) return error;
  if (error instanceof ProxyError && (error.status === 429 || error.status === 503 || error.code === 'keys_unavailable')) return serviceBusy('proxy', error.retryAfterSeconds);
  if (error instanceof GraphRequestError && (error.status === 429 || error.status === 503 || error.status === 504)) return serviceBusy('graph', error.retryAfterSeconds);
  return undefined;
}

const fail = <C extends keyof typeof errorsSignInEn>(status: FailureStatus, code: C, source: string, values?: ErrorValues<typeof errorsSignInEn, C>): Failure => ({
  status,
  detail: errorDetail(errorsSignInEn, code, source, values),
});

/**
 * Turns whatever sign-in, consent or the proxy threw into a state the element can show: a plain sentence
 * and a remedy, never a stack trace. `interactive` says whether the user was already shown a prompt: a
 * consent error after a prompt means the user could not consent themself.
 */
export function classifyFailure(error: unknown, { interactive }: { interactive: boolean }): Failure {
  const busyService = busy(error);
  if (busyService) return { status: 'busy', detail: busyService.toDetail() };
  if (error instanceof TpeError) {
    const status: FailureStatus = error.code === 'no-assignment' || error.code === 'no-linked-resource-account' ? 'needs-assignment' : 'error';
    return { status, detail: error.toDetail() };
  }
  const msal = error as MsalLike;
  const code = msal.errorCode ?? '';
  const text = msal.errorMessage ?? '';
  if (text.includes('AADSTS650052') || text.includes(ACS_FIRST_PARTY_APP_ID)) {
    return fail('needs-admin-consent', 'acs-app-missing', 'msal', { appId: ACS_FIRST_PARTY_APP_ID });
  }
  const consent = code === 'consent_required' || msal.subError === 'consent_required' || text.includes('AADSTS65001');
  if (consent && interactive) {
    return fail('needs-admin-consent', 'admin-consent-required', 'msal');
  }
  if (consent || interactionRequired(msal)) {
    return fail('needs-consent', 'consent-required', 'msal');
  }
  if (code === 'user_cancelled' || code === 'access_denied') {
    return fail('signed-out', 'cancelled', 'msal');
  }
  if (code === 'interaction_in_progress') {
    return fail('error', 'interaction-in-progress', 'msal');
  }
  if (code === 'popup_window_error' || code === 'empty_window_error') {
    return fail('error', 'popup-blocked', 'msal');
  }
  if (NETWORK_CODES.has(code) || (error instanceof ProxyError && error.code === 'network') || error instanceof TypeError) {
    return fail('error', 'network', error instanceof ProxyError ? 'proxy' : 'msal');
  }
  if (error instanceof ProxyError && error.code.endsWith('UserLicenseNotPresentForbidden')) {
    return fail('error', 'no-teams-license', 'proxy');
  }
  if (error instanceof ProxyError) {
    return { status: 'error', detail: error.toDetail() };
  }
  const said = text.split(' Trace ID')[0] || (error as Error)?.message;
  return fail('error', 'unexpected', 'msal', said ? { text: said } : undefined);
}
