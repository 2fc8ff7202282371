/** Every word `<tpe-consent>` shows; set the element's `strings` property to translate or reword any. */
export const consentStrings = {
  loading: 'Loading sign-in…',
  signedOutTitle: 'Sign in to take calls',
  signedOutAdminTitle: 'Sign in to set up Teams Phone',
  signIn: 'Sign in',
  useAnotherAccount: 'Use another account',
  continueAs: (name: string) => `Continue as ${name}`,
  signingIn: 'Signing in… finish in the sign-in window.',
  signedInAs: (name: string, username: string) => `Signed in as ${name} (${username})`,
  ready: 'Ready to take calls.',
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
};

export type ConsentStrings = typeof consentStrings;
