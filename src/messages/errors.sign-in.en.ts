// Signing in, consent and access to the contact center: what `<tpe-consent>` says (its first load).
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
import type { FailureFacts } from './error-words.js';

export const errorsSignInEn = Object.freeze({
  'signed-out': { message: 'Sign in before going online.', remedy: 'Finish signing in, then go online.' },
  cancelled: { message: 'Sign-in was cancelled.', remedy: 'Select "Sign in" to try again.' },
  'consent-required': { message: 'This app needs your permission to make and take calls for you.', remedy: 'Select "Review permissions" and accept.' },
  'admin-consent-required': {
    message: 'An administrator must approve this app for your organization before you can use it.',
    remedy: 'Send the admin-consent link below to your Global or Cloud Application Administrator.',
  },
  'acs-app-missing': {
    message: "Your organization has not installed Azure Communication Services' Entra app, which Teams Phone for contact centers needs.",
    remedy: ({ appId }: { appId?: string }) => `A Global Administrator runs, once: New-MgServicePrincipal -AppId ${appId}`,
  },
  'interaction-in-progress': { message: 'A sign-in window is already open.', remedy: 'Finish or close the other sign-in window, then try again.' },
  'popup-blocked': { message: 'The browser blocked the sign-in window.', remedy: 'Allow pop-ups for this site, then select "Sign in" again.' },
  unexpected: {
    /** `text`: what the page's or MSAL's sign-in said, when it said something. */
    message: ({ text }: { text?: string }) => text || 'Something went wrong.',
    remedy: 'Try again; if it keeps failing, ask your administrator.',
  },
  /** `reason`: `client` when the agent is granted for another app; `access` when ACS refused (403) without saying which consent is missing. */
  'no-assignment': {
    message: ({ reason }: { reason?: 'client' | 'access' }) =>
      reason === 'client'
        ? 'Your access does not include this agent app.'
        : reason === 'access'
          ? 'Azure Communication Services did not give your account access to take calls here.'
          : 'Your account has not been given access to take calls here yet.',
    remedy: ({ reason }: { reason?: 'client' | 'access' }) =>
      reason === 'client'
        ? 'Ask your CCaaS administrator to grant you access for this app.'
        : reason === 'access'
          ? 'Ask your CCaaS administrator to check that you are granted agent access and that a resource account is linked.'
          : 'Ask your CCaaS administrator to grant you agent access.',
  },
  'no-linked-resource-account': { message: 'No Teams resource account is linked to this contact center yet.', remedy: 'Ask your CCaaS administrator to link a resource account.' },
  'exchange-failed': {
    message: ({ status, code }: { status?: number; code?: string }) => `Azure Communication Services refused the sign-in (${[status, code].filter(Boolean).join(' ')}).`,
    remedy: 'Sign out and sign in again; if it keeps failing, ask your CCaaS administrator.',
  },
  network: {
    /** Which service is the failure's `source`: `proxy`, `acs`, or the sign-in itself. */
    message: (_: unknown, { source }: FailureFacts) =>
      source === 'proxy' ? 'The token proxy could not be reached.' : source === 'acs' ? 'Azure Communication Services could not be reached.' : 'The sign-in service could not be reached.',
    remedy: 'Check your network connection, then try again.',
  },
  'no-teams-license': { message: 'Your account has no Microsoft Teams licence.', remedy: 'Ask your Microsoft 365 administrator to assign you a Teams licence.' },
});
