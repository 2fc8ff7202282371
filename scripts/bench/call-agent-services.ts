// The dev tenant and the token proxy for `npm run bench:call-agent`, as `npm start` runs them, and the
// provisioning an administrator does before an agent can go online.
import { assignThroughProxy, grantAgentThroughProxy } from '../dev-tenant-admin.mjs';
import { proxyEnvForDevTenant } from '../spawn-proxy.mjs';
import type { Children } from './children.js';
import { consentTenantWide } from './dev-tenant-session.js';
import type { DevTenantChild, ServerChild } from './services.js';

export const AGENT = { upn: 'avery.agent@contoso.dev', password: 'Agent!1', objectId: '4908edbd-b254-4520-8947-60cc26b85f04' } as const;
export const SUPPORT_LINE_RA = 'f8b63395-8661-410a-b058-401f375f1a70';

/** `node --import tsx proxy/src/main.ts` for the dev tenant, letting the page's origins in (CORS). */
export async function startProxyFor(children: Children, tenant: DevTenantChild, port: number, corsOrigins: string[]): Promise<ServerChild> {
  const env = await proxyEnvForDevTenant(tenant, { port, corsOrigins, extra: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_CALLER: '100000' } });
  const url = `http://127.0.0.1:${port}`;
  const child = await children.start({ name: 'the token proxy', entry: 'proxy/src/main.ts', env, ready: { probe: `${url}/healthz` } });
  return { ...child, url };
}

/**
 * Admin consent for the tenant, then, as the CCaaS administrator through the proxy (what the admin view of
 * <tpe-consent> does): the support line's resource account linked and the agent granted.
 */
export async function provisionAgent(devTenantUrl: string, proxyUrl: string): Promise<void> {
  await consentTenantWide(devTenantUrl);
  const services = { devTenantUrl, proxyUrl };
  await assignThroughProxy(services, SUPPORT_LINE_RA, { principalType: 'resourceAccount' });
  await grantAgentThroughProxy(services, AGENT.objectId);
}
