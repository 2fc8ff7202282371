import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { HttpError } from '../errors.js';
import type { FixtureResourceAccount } from '../fixture.js';
import { tenantOfToken } from '../tenants.js';
import { authenticate, requireDirectoryRole } from './auth.js';
import { contextUrl, GUID, parseTop, quoted, readQueryOptions } from './odata.js';
import { DEFAULT_PAGE_SIZE, pageOf } from './paging.js';
import type { SkipTokens } from './skiptoken.js';

type FilterProperty = 'appId' | 'acsResourceId';
const FILTER_PROPERTIES: readonly FilterProperty[] = ['appId', 'acsResourceId'];
const FILTER_HELP = "Use appId eq '<guid>' or acsResourceId eq '<guid>'.";

export interface ResourceAccountFilter {
  property: FilterProperty;
  /** Lower-cased GUID. */
  value: string;
}

/** The one filter shape Graph documents for this API; everything else is refused, not guessed at. */
export function parseResourceAccountFilter(raw: string): ResourceAccountFilter {
  const clause = /^\s*([A-Za-z]+)\s+([A-Za-z]+)\s+'([^']*)'\s*$/.exec(raw);
  if (!clause) {
    throw new HttpError(400, 'BadRequest', `Invalid $filter ${quoted(raw)}: expected a single clause. ${FILTER_HELP}`);
  }
  const [name, operator, value] = [clause[1]!, clause[2]!, clause[3]!];
  const property = FILTER_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
  if (!property) {
    throw new HttpError(400, 'Request_UnsupportedQuery', `Unsupported $filter property ${quoted(name)} on resourceAccounts. ${FILTER_HELP}`);
  }
  if (operator !== 'eq') {
    throw new HttpError(400, 'Request_UnsupportedQuery', `Unsupported $filter operator ${quoted(operator)}: only eq is supported. ${FILTER_HELP}`);
  }
  if (!GUID.test(value)) throw new HttpError(400, 'BadRequest', `Invalid $filter: ${property} must be compared with a GUID, not ${quoted(value)}.`);
  return { property, value: value.toLowerCase() };
}

/** The item exactly as Graph beta returns it: `phoneNumber` keeps its `tel:` prefix. */
function graphResourceAccount(ra: FixtureResourceAccount) {
  return {
    id: ra.id,
    userPrincipalName: ra.userPrincipalName,
    appId: ra.appId,
    displayName: ra.displayName,
    phoneNumber: ra.phoneNumber,
    acsResourceId: ra.acsResourceId,
  };
}

/** `GET /beta/admin/teams/resourceAccounts`: what the CCaaS admin portal lists to pick the RA to link. */
export function registerResourceAccounts(graph: FastifyInstance, ctx: DevTenantContext, skipTokens: SkipTokens): void {
  graph.get('/beta/admin/teams/resourceAccounts', async (request, reply) => {
    const claims = await authenticate(ctx, request, reply, { anyOf: ['TeamsResourceAccount.Read.All'] });
    requireDirectoryRole(claims, ['TeamsAdministrator', 'GlobalAdministrator']);
    const options = readQueryOptions(request.query, ['$filter', '$top', '$skiptoken']);
    const rawFilter = options.get('$filter');
    const filter = rawFilter === undefined ? undefined : parseResourceAccountFilter(rawFilter);
    const top = parseTop(options.get('$top'), DEFAULT_PAGE_SIZE);
    // A tenant's own resource accounts only: a customer's admin never sees another customer's lines.
    const items = tenantOfToken(ctx, claims).resourceAccounts
      .filter((ra) => !filter || ra[filter.property]?.toLowerCase() === filter.value)
      .map(graphResourceAccount);
    return pageOf({
      ctx,
      request,
      skipTokens,
      query: { collection: 'admin/teams/resourceAccounts', criteria: filter ? `$filter=${filter.property} eq '${filter.value}'` : '' },
      options,
      items,
      top,
      context: contextUrl(ctx, 'beta', 'admin/teams/resourceAccounts'),
      withCount: false,
    });
  });
}
