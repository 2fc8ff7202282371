// The browser tests that use the peer dependencies for real, against the lowest version of each peer range
// (npm run test:browser:lowest-peers). The usual run (web-test-runner.config.mjs) covers the highest.
import base from '../../web-test-runner.config.mjs';
import { LOWEST_PEERS, peerAliasPlugin } from '../browser/support/peer-alias-plugin.mjs';

export default {
  ...base,
  files: [
    'test/browser/calling-real-sdk.test.ts', // the real Calling SDK, offline
    'test/browser/call-errors.test.ts',
    'test/browser/msal-dev-tenant.test.ts', // the real MSAL against the dev tenant
    'test/browser/tpe-consent-redirect.test.ts', // MSAL's redirect bridge, through tpe-elements/redirect-bridge
  ],
  plugins: [peerAliasPlugin(LOWEST_PEERS), ...base.plugins],
};
