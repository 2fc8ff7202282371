import { errorDetail, tpeError } from '../messages/error-words.js';
import { errorsSignInEn } from '../messages/errors.sign-in.en.js';
import { errorsMicrophoneEn } from '../messages/errors.microphone.en.js';
import { errorsCallAgentEn } from '../messages/errors.call-agent.en.js';
import { errorsCallingEn } from '../messages/errors.calling.en.js';
import type { CallAction } from '../messages/errors.en.js';
import { TpeError, type TpeErrorDetail } from '../tpe-error.js';
import type { CallEndReason, SdkError } from './calling-sdk.js';

/** The calling layer's words and the element's own (a session can expire either way). */
const WORDS = Object.freeze({ ...errorsCallAgentEn, ...errorsCallingEn });

/** The Calling SDK's and the service's sub-codes, as codes whose words say what they mean for an agent and who can fix them. */
const BY_SUB_CODE: Readonly<Record<number, keyof typeof WORDS>> = {
  40229: 'wrong-agent-kind',
  40231: 'not-a-teams-token',
  44111: 'invalid-token',
  44113: 'token-without-calling',
  40235: 'token-expired',
  40008: 'agent-already-exists',
  46400: 'custom-context-not-allowed',
  46401: 'call-not-allowed',
  46402: 'invalid-number',
  46403: 'not-during-emergency',
  46450: 'on-behalf-of-disabled',
  46451: 'on-behalf-of-policy',
  46452: 'on-behalf-of-apps-disabled',
  46453: 'on-behalf-of-group-call',
  10057: 'wrong-persona',
  10105: 'bot-without-teams-channel',
  10037: 'no-agent-available',
};

const BY_CODE: Readonly<Record<string, () => TpeError>> = {
  UserLicenseNotPresentForbidden: () => tpeError(errorsSignInEn, 'no-teams-license', 'calling'),
};

/** Turns anything the SDK (or the simulator) threw into a TpeError that says what happened and what to do. */
export function callingError(error: unknown, doing: CallAction): TpeError {
  if (error instanceof TpeError) return error;
  const sdk = error as SdkError & { code?: number | string };
  const subCode =
    (typeof sdk?.subCode === 'number' && BY_SUB_CODE[sdk.subCode]) ||
    // jwt-decode's error: @azure/communication-common before 2.5 decodes the token itself, before the SDK can say 44111.
    ((error as Error)?.name === 'InvalidTokenError' && BY_SUB_CODE[44111]);
  if (subCode) return tpeError(WORDS, subCode, 'calling');
  const byCode = typeof sdk?.code === 'string' ? BY_CODE[sdk.code] : undefined;
  if (byCode) return byCode();
  if ((error as Error)?.name === 'NotAllowedError') return microphoneDenied();
  const codes = typeof sdk?.code === 'number' ? `${sdk.code}${sdk.subCode ? `/${sdk.subCode}` : ''}` : undefined;
  return tpeError(errorsCallAgentEn, 'calling-failed', 'calling', { action: doing, ...(codes ? { codes } : {}) });
}

export function microphoneDenied(): TpeError {
  return tpeError(errorsMicrophoneEn, 'microphone-denied', 'calling');
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
  if (known) return tpeError(WORDS, known, 'calling').message;
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
  return errorDetail(WORDS, known, 'calling');
}
