// Said by both elements (each first load carries these): a busy service, a missing setting.
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
import type { FailureFacts } from './error-words.js';

export const errorsCommonEn = Object.freeze({
  'service-busy': {
    /** Who is busy is the failure's `source`; when to try again, its `retryAfterSeconds` (the service's Retry-After). */
    message: (_: unknown, { source }: FailureFacts) =>
      source === 'graph' ? 'The directory (Microsoft Graph) is busy right now.' : source === 'acs' ? 'Azure Communication Services is busy right now.' : 'The service is busy right now.',
    remedy: (_: unknown, { retryAfterSeconds: s }: FailureFacts) =>
      s === undefined ? 'Wait a moment, then try again.' : s >= 120 ? `Try again in ${Math.ceil(s / 60)} minutes.` : `Try again in ${Math.max(1, s)} second${s <= 1 ? '' : 's'}.`,
  },
  config: {
    message: ({ missing, reason }: { missing?: string; reason?: 'no-agent' | 'teams-needs-proxy' }) =>
      reason === 'no-agent' ? '<tpe-call-agent> does not know who the agent is.' : reason === 'teams-needs-proxy' ? 'The Teams persona needs the token proxy.' : `<tpe-consent> is missing ${missing}.`,
    remedy: ({ reason }: { reason?: 'no-agent' | 'teams-needs-proxy' }) =>
      reason === 'no-agent'
        ? 'Point its for attribute at the id of a <tpe-consent>, or set its tokenSource.'
        : reason === 'teams-needs-proxy'
          ? 'Set proxy-url on <tpe-consent>.'
          : 'Set proxy-url, or give these settings as attributes or in the config property.',
  },
});
