import type { DevTenantContext } from './context.js';
import { discoveryDocument } from './entra/discovery.js';
import { ACS_URI, GRAPH_URI } from './entra/resources.js';
import { directoriesOf } from './tenants.js';

/** The `https://` authority name MSAL is given; never contacted, because `authorityMetadata` says where to go. */
export const MSAL_AUTHORITY_HOST = 'login.dev-tenant.localhost';

/** What a page, a proxy or a script needs to use this dev tenant instead of the cloud. */
export function devTenantSettings(ctx: DevTenantContext) {
  const { tenant, apps, acs } = ctx.fixture;
  const base = ctx.baseUrl();
  const vendorId = (apps.homeTenantId ?? tenant.id).toLowerCase();
  const tenants = directoriesOf(ctx.fixture).map(({ tenant: t }) => ({ id: t.id, displayName: t.displayName, domain: t.domain }));
  // The customers are every tenant but the vendor's own; a fixture of one tenant is its own customer.
  const customers = tenants.filter((t) => t.id.toLowerCase() !== vendorId);
  return {
    tenantId: tenant.id,
    tenantDisplayName: tenant.displayName,
    tenants,
    customerTenantIds: (customers.length ? customers : tenants).map((t) => t.id),
    urls: {
      entra: `${base}/${tenant.id}`,
      graph: base,
      acs: base,
    },
    acs: {
      endpoint: `${base}/`,
      immutableResourceId: acs.immutableResourceId,
      connectionString: `endpoint=${base}/;accesskey=${acs.accessKey}`,
    },
    ccaasBotAppId: apps.ccaasBot.appId,
    msal: {
      clientId: apps.ccaasClient.appId,
      authority: `https://${MSAL_AUTHORITY_HOST}/${tenant.id}`,
      knownAuthorities: [MSAL_AUTHORITY_HOST],
      authorityMetadata: JSON.stringify(discoveryDocument(ctx)),
      /** A multi-tenant app's authority: every customer's users sign in there, each getting their home tenant's tokens. */
      organizationsAuthority: `https://${MSAL_AUTHORITY_HOST}/organizations`,
      organizationsAuthorityMetadata: JSON.stringify(discoveryDocument(ctx, 'organizations')),
    },
    /** The public-client registration test automation uses for the password grant; the SPA (msal.clientId) refuses it. */
    testAutomation: { clientId: apps.testAutomation.appId },
    scopes: {
      graphResourceAccounts: `${GRAPH_URI}/TeamsResourceAccount.Read.All`,
      teamsPersona: [`${ACS_URI}/Teams.ManageCalls`, `${ACS_URI}/Teams.ManageChats`],
      ccaasPersona: [`${ACS_URI}/TeamsExtension.ManageCalls`],
    },
  };
}

export type DevTenantSettings = ReturnType<typeof devTenantSettings>;
