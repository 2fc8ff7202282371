// What `<tpe-call-agent>` itself says (its first load): not online, a refused session, an action that failed.
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
/** What the phone was doing when the calling service refused (`calling-failed`'s `action`). */
export type CallAction =
  | 'go online'
  | 'answer the call'
  | 'decline the call'
  | 'place the call'
  | 'hang up'
  | 'mute'
  | 'unmute'
  | 'hold the call'
  | 'resume the call'
  | 'send the tone'
  | 'transfer the call';

export const errorsCallAgentEn = Object.freeze({
  offline: { message: 'The agent is not online.', remedy: 'Go online first.' },
  'calling-failed': {
    /** `action`: one of CALL_ACTIONS; `codes`: the SDK's "code/subCode"; `text`: an unknown error's own words. */
    message: ({ action, codes, text }: { action?: CallAction; codes?: string; text?: string }) => text ?? `Could not ${action ?? 'do it'}${codes ? ` (${codes})` : ''}.`,
    remedy: ({ text }: { text?: string }) => (text === undefined ? 'Try again; if it keeps failing, reload the page.' : ''),
  },
  'token-expired': {
    message: ({ reason }: { reason?: 'refused' }) => (reason === 'refused' ? 'The calling service refused your calling session.' : 'Your calling session expired.'),
    remedy: ({ reason }: { reason?: 'refused' }) => (reason === 'refused' ? 'The phone tries again by itself; if it keeps failing, sign out and sign in again.' : 'Sign out and sign in again.'),
  },
});
