// The calling service's refusals, by the SDK's sub-codes, and what a call cannot do now (loaded with the calling layer).
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
export const errorsCallingEn = Object.freeze({
  'wrong-agent-kind': {
    message: 'The calling token is a Teams token, but a plain ACS call agent was requested.',
    remedy: 'Use a Teams call agent for Teams identities; report this to your CCaaS vendor.',
  },
  'not-a-teams-token': {
    message: 'The calling token is not for a Teams identity, so no Teams call agent can use it.',
    remedy: 'Sign in with your work account for this contact center. Sign out and sign in again.',
  },
  'invalid-token': {
    message: ({ reason }: { reason?: 'incomplete' }) => (reason === 'incomplete' ? 'The calling token is missing what a Teams call agent needs.' : 'The calling token could not be read.'),
    remedy: 'Sign out and sign in again.',
  },
  'token-without-calling': { message: 'The calling token does not allow calls (no voip scope).', remedy: 'Ask your CCaaS administrator.' },
  'agent-already-exists': { message: 'This page already has a call agent for this client.', remedy: 'Reload the page; use one call agent per page.' },
  'custom-context-not-allowed': { message: 'A call on behalf of a resource account cannot carry custom context.', remedy: 'Dial without custom context.' },
  'call-not-allowed': {
    message: 'Calls cannot be placed for this resource account or tenant.',
    remedy: 'Ask your CCaaS administrator to check that the resource account is linked and has a calling plan.',
  },
  'invalid-number': {
    /** `input`: what the agent typed, when the number was refused before dialing. */
    message: ({ input }: { input?: string }) => (input === undefined ? 'That is not a phone number that can be dialed.' : `“${input || ' '}” is not a phone number that can be dialed.`),
    remedy: 'Enter the number in international form, for example +14255550123.',
  },
  'not-during-emergency': { message: 'That is not possible during an emergency call.', remedy: 'Stay on the line.' },
  'on-behalf-of-disabled': { message: 'Calling on behalf of a resource account is turned off by Azure Communication Services.', remedy: 'Ask your CCaaS administrator.' },
  'on-behalf-of-policy': {
    message: 'Your Teams calling policy does not allow calls on behalf of others.',
    remedy: 'Ask your Teams administrator to assign a calling policy that allows delegation.',
  },
  'on-behalf-of-apps-disabled': { message: 'Calling on behalf of applications is turned off by Azure Communication Services.', remedy: 'Ask your CCaaS administrator.' },
  'on-behalf-of-group-call': { message: 'Calls on behalf of a resource account must have a single participant.', remedy: 'Dial one number at a time.' },
  'wrong-persona': {
    message: 'You are signed in with the Teams persona, which cannot handle calls for a resource account.',
    remedy: 'Sign in as a contact-center agent (CCaaS persona).',
  },
  'bot-without-teams-channel': {
    message: 'The resource account’s bot cannot take calls (its Teams channel is missing).',
    remedy: 'Ask your CCaaS administrator to enable the Teams channel on the bot.',
  },
  'no-agent-available': { message: 'No agent was available for the call.', remedy: '' },
  'no-resource-account': { message: 'Choose the resource account to call on behalf of.', remedy: 'Set resource-account-id on the element.' },
  'no-incoming-call': { message: 'There is no call to answer.', remedy: '' },
  'no-call': { message: 'There is no call in progress.', remedy: '' },
});
