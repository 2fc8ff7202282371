import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { tenantOfToken } from '../tenants.js';
import { authenticate } from './auth.js';
import { contextUrl, parseSelect, project, readQueryOptions, type GraphVersion } from './odata.js';

/** Graph lets any signed-in user read their organization with the least privileged User.Read. */
const READ_ORGANIZATION = ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All', 'Organization.Read.All'];

const ORGANIZATION_PROPERTIES = ['businessPhones', 'city', 'country', 'countryLetterCode', 'displayName', 'id', 'preferredLanguage', 'tenantType', 'verifiedDomains'];

/** Every tenant has an initial `*.onmicrosoft.com` domain besides the custom one it uses by default. */
function verifiedDomains(domain: string) {
  const capabilities = 'Email, OfficeCommunicationsOnline';
  if (domain.toLowerCase().endsWith('.onmicrosoft.com')) return [{ capabilities, isDefault: true, isInitial: true, name: domain, type: 'Managed' }];
  const initial = `${domain.split('.')[0]!.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'devtenant'}.onmicrosoft.com`;
  return [
    { capabilities, isDefault: true, isInitial: false, name: domain, type: 'Managed' },
    { capabilities, isDefault: false, isInitial: true, name: initial, type: 'Managed' },
  ];
}

export function registerOrganization(graph: FastifyInstance, ctx: DevTenantContext, version: GraphVersion): void {
  graph.get(`/${version}/organization`, async (request, reply) => {
    const claims = await authenticate(ctx, request, reply, { anyOf: READ_ORGANIZATION });
    const options = readQueryOptions(request.query, ['$select']);
    const select = parseSelect(options.get('$select'), ORGANIZATION_PROPERTIES, 'microsoft.graph.organization');
    const { tenant } = tenantOfToken(ctx, claims);
    const organization = {
      id: tenant.id,
      displayName: tenant.displayName,
      businessPhones: [] as string[],
      city: null,
      country: null,
      countryLetterCode: null,
      preferredLanguage: 'en',
      tenantType: 'AAD',
      verifiedDomains: verifiedDomains(tenant.domain),
    };
    return { '@odata.context': contextUrl(ctx, version, 'organization', select), value: [project(organization, select)] };
  });
}
