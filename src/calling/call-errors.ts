import { TpeError, type TpeErrorDetail } from '../tpe-error.js';
import type { CallEndReason, SdkError } from './calling-sdk.js';

type Explained = [code: string, message: string, remedy: string];

const ASK_ADMIN = 'Ask your CCaaS administrator.';
const SIGN_IN_AGAIN = 'Sign out and sign in again.';

/** The Calling SDK's and the service's sub-codes, with what they mean for an agent and who can fix them. */
const BY_SUB_CODE: Record<number, Explained> = {
  40229: ['wrong-agent-kind', 'The calling token is a Teams token, but a plain ACS call agent was requested.', 'Use a Teams call agent for Teams identities; report this to your CCaaS vendor.'],
  40231: ['not-a-teams-token', 'The calling token is not for a Teams identity, so no Teams call agent can use it.', `Sign in with your work account for this contact center. ${SIGN_IN_AGAIN}`],
  44111: ['invalid-token', 'The calling token could not be read.', SIGN_IN_AGAIN],
  44113: ['token-without-calling', 'The calling token does not allow calls (no voip scope).', ASK_ADMIN],
  40235: ['token-expired', 'Your calling session expired.', SIGN_IN_AGAIN],
  40008: ['agent-already-exists', 'This page already has a call agent for this client.', 'Reload the page; use one call agent per page.'],
  46400: ['custom-context-not-allowed', 'A call on behalf of a resource account cannot carry custom context.', 'Dial without custom context.'],
  46401: ['call-not-allowed', 'Calls cannot be placed for this resource account or tenant.', 'Ask your CCaaS administrator to check that the resource account is linked and has a calling plan.'],
  46402: ['invalid-number', 'That is not a phone number that can be dialed.', 'Enter the number in international form, for example +14255550123.'],
  46403: ['not-during-emergency', 'That is not possible during an emergency call.', 'Stay on the line.'],
  46450: ['on-behalf-of-disabled', 'Calling on behalf of a resource account is turned off by Azure Communication Services.', ASK_ADMIN],
  46451: ['on-behalf-of-policy', 'Your Teams calling policy does not allow calls on behalf of others.', 'Ask your Teams administrator to assign a calling policy that allows delegation.'],
  46452: ['on-behalf-of-apps-disabled', 'Calling on behalf of applications is turned off by Azure Communication Services.', ASK_ADMIN],
  46453: ['on-behalf-of-group-call', 'Calls on behalf of a resource account must have a single participant.', 'Dial one number at a time.'],
  10057: ['wrong-persona', 'You are signed in with the Teams persona, which cannot handle calls for a resource account.', 'Sign in as a contact-center agent (CCaaS persona).'],
  10105: ['bot-without-teams-channel', 'The resource account’s bot cannot take calls (its Teams channel is missing).', 'Ask your CCaaS administrator to enable the Teams channel on the bot.'],
  10037: ['no-agent-available', 'No agent was available for the call.', ''],
};

const BY_CODE: Record<string, Explained> = {
  UserLicenseNotPresentForbidden: ['no-teams-license', 'Your account has no Microsoft Teams licence.', 'Ask your Microsoft 365 administrator to assign you a Teams licence.'],
};

/** Turns anything the SDK (or the simulator) threw into a TpeError that says what happened and what to do. */
export function callingError(error: unknown, doing: string): TpeError {
  if (error instanceof TpeError) return error;
  const sdk = error as SdkError & { code?: number | string };
  const known =
    (typeof sdk?.subCode === 'number' && BY_SUB_CODE[sdk.subCode]) ||
    (typeof sdk?.code === 'string' && BY_CODE[sdk.code]) ||
    // jwt-decode's error: @azure/communication-common before 2.5 decodes the token itself, before the SDK can say 44111.
    ((error as Error)?.name === 'InvalidTokenError' && BY_SUB_CODE[44111]);
  if (known) return new TpeError(known[0], known[1], known[2], 'calling');
  if ((error as Error)?.name === 'NotAllowedError') return microphoneDenied();
  const codes = typeof sdk?.code === 'number' ? ` (${sdk.code}${sdk.subCode ? `/${sdk.subCode}` : ''})` : '';
  return new TpeError('calling-failed', `Could not ${doing}${codes}.`, 'Try again; if it keeps failing, reload the page.', 'calling');
}

export function microphoneDenied(): TpeError {
  return new TpeError(
    'microphone-denied',
    'The browser is not allowed to use your microphone.',
    'Allow microphone access for this site (the icon in the address bar), then try again.',
    'calling',
  );
}

/** A plain sentence for why a call ended, from the SDK's `callEndReason`. */
export function endReasonText(reason: CallEndReason | undefined): string {
  const code = reason?.code ?? 0;
  const subCode = reason?.subCode ?? 0;
  if (subCode === 10003) return 'Answered by another agent.';
  if (subCode === 7015) return 'Transferred.';
  if (code === 487) return 'The caller hung up before the call was answered.';
  if (code === 603) return 'Declined.';
  if (code === 0) return 'Call ended.';
  const known = BY_SUB_CODE[subCode];
  if (known) return known[1];
  if (code === 480 || code === 408) return 'Nobody answered.';
  if (code === 486) return 'The line is busy.';
  if (code === 490 || code >= 500) return `The call could not be connected (${code}/${subCode}).`;
  return `Call ended (${code}/${subCode}).`;
}

/** A call that rang here and nobody took: the caller gave up, or nobody answered (not declined, not taken by another agent). */
export function isMissed(reason: CallEndReason | undefined): boolean {
  const code = reason?.code ?? 0;
  const subCode = reason?.subCode ?? 0;
  return code === 487 || ((code === 480 || code === 408) && subCode === 0);
}

/** An ended call that the agent should hear about as an error (not a normal hang-up, decline or transfer). */
export function endReasonError(reason: CallEndReason | undefined): TpeErrorDetail | undefined {
  const known = reason?.subCode ? BY_SUB_CODE[reason.subCode] : undefined;
  if (!known || reason?.subCode === 10037) return undefined;
  return { code: known[0], message: known[1], remedy: known[2], source: 'calling' };
}
