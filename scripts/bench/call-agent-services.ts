// The dev tenant and the token proxy for `npm run bench:call-agent`, as `npm start` runs them, and the
// provisioning an administrator does before an agent can go online.
import { proxyEnvForDevTenant } from '../spawn-proxy.mjs';
import type { Children } from './children.js';
import { consentTenantWide } from './dev-tenant-session.js';
import type { DevTenantChild, ServerChild } from './services.js';

export const AGENT = { upn: 'avery.agent@contoso.dev', password: 'Agent!1', objectId: '4908edbd-b254-4520-8947-60cc26b85f04' } as const;
export const SUPPORT_LINE_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
const ADMIN = { upn: 'cam.ccaasadmin@contoso.dev', password: 'CcaasAdmin!1' } as const;

/** `node --import tsx proxy/src/main.ts` for the dev tenant, letting the page's origins in (CORS). */
export async function startProxyFor(children: Children, tenant: DevTenantChild, port: number, corsOrigins: string[]): Promise<ServerChild> {
  const env = await proxyEnvForDevTenant(tenant, { port, corsOrigins, extra: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_CALLER: '100000' } });
  const url = `http://127.0.0.1:${port}`;
  const child = await children.start({ name: 'the token proxy', entry: 'proxy/src/main.ts', env, ready: { probe: `${url}/healthz` } });
  return { ...child, url };
}

interface DevTenantPublicConfig {
  tenantId: string;
  urls: { entra: string };
  msal: { clientId: string };
}

/**
 * Admin consent for the tenant, then, as the CCaaS administrator through the proxy (what the admin view of
 * <tpe-consent> does): the support line's resource account linked and the agent granted.
 */
export async function provisionAgent(tenantUrl: string, proxyUrl: string): Promise<void> {
  await consentTenantWide(tenantUrl);
  const config = (await (await fetch(`${tenantUrl}/.dev/config`)).json()) as DevTenantPublicConfig;
  const response = await fetch(`${config.urls.entra}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: config.msal.clientId,
      grant_type: 'password',
      username: ADMIN.upn,
      password: ADMIN.password,
      scope: `api://${config.msal.clientId}/access_as_user`,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`the administrator's token: ${response.status} ${body.error_description ?? ''}`);
  const assignments: Array<[string, object]> = [
    [SUPPORT_LINE_RA, { principalType: 'resourceAccount' }],
    [AGENT.objectId, { principalType: 'user', clientIds: [config.msal.clientId] }],
  ];
  for (const [objectId, assignment] of assignments) {
    const put = await fetch(`${proxyUrl}/api/tenants/${config.tenantId}/assignments/${objectId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(assignment),
    });
    if (!put.ok) throw new Error(`assignment of ${objectId} failed: ${put.status} ${await put.text()}`);
  }
}
