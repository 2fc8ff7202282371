import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { registerAssignments } from './assignments.js';
import { correlationHeaders } from './correlation.js';
import { handleAcsError } from './errors.js';
import { registerIdentities } from './identities.js';
import { registerTeamsExtensionExchange } from './teams-extension-exchange.js';
import { registerTeamsUserExchange } from './teams-user-exchange.js';

/** The ACS identity data plane, in a scope of its own so its errors keep ACS's shape and their reasons. */
export function registerAcs(app: FastifyInstance, ctx: DevTenantContext): void {
  void app.register(async (acs) => {
    acs.setErrorHandler(handleAcsError);
    acs.addHook('onRequest', correlationHeaders);
    registerTeamsUserExchange(acs, ctx);
    registerTeamsExtensionExchange(acs, ctx);
    registerAssignments(acs, ctx);
    registerIdentities(acs, ctx);
  });
}
