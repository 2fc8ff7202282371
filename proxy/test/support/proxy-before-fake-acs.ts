import { after, afterEach, before } from 'node:test';
import { startTestTenant, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { startFakeAcs, type FakeAcs, type FakeAnswer } from './fake-acs.js';
import { startTestProxy, type ProxyEnv, type TokenProxy } from './proxy.js';

/**
 * For a describe block: one dev tenant as Entra for the whole block, and per test a proxy that validates
 * tokens against it but talks to a scripted fake ACS; both are stopped after each test.
 */
export function useProxyBeforeFakeAcs(defaults: ProxyEnv = {}) {
  let tenant: DevTenant | undefined;
  let acs: FakeAcs | undefined;
  let proxy: TokenProxy | undefined;
  before(async () => {
    tenant = await startTestTenant();
  });
  afterEach(async () => {
    await proxy?.close();
    await acs?.close();
    proxy = acs = undefined;
  });
  after(() => tenant?.close());
  return {
    tenant: () => tenant!,
    async start(script: (index: number) => FakeAnswer, env: ProxyEnv = {}) {
      acs = await startFakeAcs(script);
      proxy = await startTestProxy(tenant!, { ACS_CONNECTION_STRING: acs.connectionString, UPSTREAM_RETRY_DELAY_MS: '10', ...defaults, ...env });
      return { acs, proxy };
    },
  };
}
