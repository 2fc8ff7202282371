import { after, afterEach, before } from 'node:test';
import { startTestTenant, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { startFakeAcs, type FakeAcs, type FakeAnswer, type UpstreamHit } from './fake-acs.js';
import type { ProxyOptions } from '../../src/server.js';
import { buildTestProxy, startTestProxy, type ProxyApp, type ProxyEnv, type TokenProxy } from './proxy.js';

/**
 * For a describe block: one dev tenant as Entra for the whole block, and per test a proxy that validates
 * tokens against it but talks to a scripted fake ACS over HTTP; both are stopped after each test. `start`
 * gives the proxy without a socket (reach it with inject()); `startListening` puts it on one, for tests about
 * connections.
 */
export function useProxyBeforeFakeAcs(defaults: ProxyEnv = {}) {
  let tenant: DevTenant | undefined;
  let acs: FakeAcs | undefined;
  let closeProxy: (() => Promise<void>) | undefined;
  before(async () => {
    tenant = await startTestTenant();
  });
  afterEach(async () => {
    await closeProxy?.();
    await acs?.close();
    closeProxy = acs = undefined;
  });
  after(() => tenant?.close());
  const envFor = (fake: FakeAcs, env: ProxyEnv) => ({ ACS_CONNECTION_STRING: fake.connectionString, UPSTREAM_RETRY_DELAY_MS: '10', ...defaults, ...env });
  return {
    tenant: () => tenant!,
    async start(script: (index: number, hit: UpstreamHit) => FakeAnswer, env: ProxyEnv = {}, options: ProxyOptions = {}): Promise<{ acs: FakeAcs; proxy: ProxyApp }> {
      acs = await startFakeAcs(script);
      const proxy = await buildTestProxy(tenant!, envFor(acs, env), { logger: false, ...options });
      closeProxy = () => proxy.close();
      return { acs, proxy };
    },
    async startListening(script: (index: number) => FakeAnswer, env: ProxyEnv = {}): Promise<{ acs: FakeAcs; proxy: TokenProxy }> {
      acs = await startFakeAcs(script);
      const proxy = await startTestProxy(tenant!, envFor(acs, env));
      // Bounded, so that a test that failed with a connection still open does not hold the suite for keep-alive's 72 s.
      closeProxy = () => proxy.shutdown(1_000).then(() => undefined);
      return { acs, proxy };
    },
  };
}
