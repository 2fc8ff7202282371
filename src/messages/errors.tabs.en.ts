// The tabs of one browser: a phone's tabs asking each other, and a sign-in shared between tabs.
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
export const errorsTabsEn = Object.freeze({
  'tab-answer-failed': { message: 'Another tab of this phone could not do it.', remedy: 'Try again; if it keeps failing, reload that tab.' },
  'tab-closed': { message: 'This tab no longer talks to the phone’s other tabs.', remedy: 'Reload the page.' },
  'tab-timeout': { message: 'Another tab of this phone did not answer in time.', remedy: 'Try again; if it keeps failing, reload the phone’s tabs.' },
  'unknown-command': { message: ({ command }: { command?: string }) => `"${command}" is not a phone command.`, remedy: '' },
  'shared-sign-in-ended': { message: 'The tab this sign-in was shared from has closed or signed out.', remedy: 'Sign in here to go on taking calls.' },
});
