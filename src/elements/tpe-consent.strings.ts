import { frozen } from '../frozen.js';
import type { ErrorStrings } from '../messages/errors.en.js';

/** Every word `<tpe-consent>` shows; set the element's `strings` property to translate or reword any. */
export const consentStrings = frozen({
  loading: 'Loading sign-in…',
  signedOutTitle: 'Sign in to take calls',
  signedOutAdminTitle: 'Sign in to set up Teams Phone',
  signIn: 'Sign in',
  useAnotherAccount: 'Use another account',
  continueAs: (name: string) => `Continue as ${name}`,
  signingIn: 'Signing in… finish in the sign-in window.',
  signedInAs: (name: string, username: string) => `Signed in as ${name} (${username})`,
  /** Small print under the account when this tab uses the sign-in of another tab of the browser. */
  sharedSignIn: 'Shared with another tab.',
  /** The identity is ready; whether the phone is online is the phone's to say. */
  ready: 'Allowed to take calls.',
  readyAdmin: 'Signed in as an administrator.',
  signOut: 'Sign out',
  reviewPermissions: 'Review permissions',
  needsAdminConsentTitle: 'An administrator must approve this app',
  adminConsentLinkLabel: 'Admin-consent link for your administrator',
  grantAdminConsent: 'Grant admin consent for the organization',
  copy: 'Copy',
  copied: 'Copied',
  commandLabel: 'Command for your administrator',
  needsAssignmentTitle: 'Waiting for access',
  errorTitle: 'Something needs attention',
  tryAgain: 'Try again',
  busyTitle: 'The service is busy',
  retryingIn: (seconds: number) => `Trying again by itself in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  retrying: 'Trying again…',
  tryAgainNow: 'Try again now',
  resourceAccountsTitle: 'Resource accounts',
  loadingResourceAccounts: 'Reading resource accounts from Microsoft Graph…',
  noResourceAccounts: 'No resource account is bound to this contact center’s bot yet.',
  columnName: 'Name',
  columnNumber: 'Phone number',
  columnAcsResource: 'ACS resource',
  columnStatus: 'Status',
  linked: 'Linked: ready for calls',
  problem: {
    'no-acs-resource': 'Not bound to an ACS resource',
    'other-acs-resource': 'Bound to another ACS resource',
    'not-linked': 'Not linked yet',
  } as Record<string, string>,
  link: (name: string) => `Link ${name}`,
  unlink: (name: string) => `Unlink ${name}`,
  linkShort: 'Link',
  unlinkShort: 'Unlink',
  fixScriptSummary: (name: string) => `PowerShell that fixes ${name}, for the Teams administrator`,
  /** Said instead of the script when a value from the directory or the settings cannot be quoted safely. */
  fixScriptRefused: (field: string) =>
    `No script is shown: the ${field} contains a line break or another control character, which could turn part of it into a command. Correct the ${field} where it is set, then reload this page.`,
  agentsTitle: 'Agent access',
  searchLabel: 'Find users or groups',
  search: 'Search',
  searching: 'Searching…',
  noMatches: 'No user or group matches.',
  hasAccess: 'Has access',
  noAccess: 'No access',
  grant: (name: string) => `Grant access to ${name}`,
  revoke: (name: string) => `Revoke access for ${name}`,
  grantShort: 'Grant access',
  revokeShort: 'Revoke access',
  groupMembers: (count: number) => `group, ${count} member${count === 1 ? '' : 's'}`,
  working: 'Working…',
  /**
   * What a failure says on screen, by its code: `{ message, remedy }`, a function where a sentence takes the
   * failure's `values`. A code left out says the failure's own words: the English of src/messages/ (written once
   * there and not repeated here, to keep the first load small), or what a page's own auth provider said.
   * The `tpe-error` event always carries the code and the English.
   */
  errors: {} as Partial<ErrorStrings>,
});

export type ConsentStrings = typeof consentStrings;
