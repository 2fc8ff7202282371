// The administrator's view: linking resource accounts and granting agents access (loaded with that view only).
// English, written once: errors are made from these words (tpeError); the codes are the contract and keep their meaning.
export const errorsAdminEn = Object.freeze({
  'bot-app-id-missing': { message: 'The CCaaS bot app id is not configured (CCAAS_BOT_APP_ID on the proxy).', remedy: 'Ask your CCaaS vendor to set it on the token proxy.' },
  'change-not-kept': { message: 'ACS did not keep the change.', remedy: 'Try again.' },
});
