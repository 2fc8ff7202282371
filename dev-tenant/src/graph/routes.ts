import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { registerGroups } from './groups.js';
import { addGraphResponseHeaders } from './headers.js';
import { GRAPH_VERSIONS } from './odata.js';
import { registerOrganization } from './organization.js';
import { registerResourceAccounts } from './resource-accounts.js';
import { SkipTokens } from './skiptoken.js';
import { registerUsers } from './users.js';

/**
 * Microsoft Graph on its own paths (`/v1.0/...`, `/beta/...`): the resource accounts the CCaaS admin
 * portal lists, and the directory reads (me, organization, users, groups) a people picker makes.
 * Registered as an encapsulated plugin so Graph's response headers stay on Graph's routes.
 */
export function registerGraph(app: FastifyInstance, ctx: DevTenantContext): void {
  const skipTokens = new SkipTokens();
  void app.register(async (graph) => {
    addGraphResponseHeaders(graph);
    for (const version of GRAPH_VERSIONS) {
      registerUsers(graph, ctx, version, skipTokens);
      registerOrganization(graph, ctx, version);
      registerGroups(graph, ctx, version, skipTokens);
    }
    // Graph documents the resource accounts API in beta only.
    registerResourceAccounts(graph, ctx, skipTokens);
  });
}
