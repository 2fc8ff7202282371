import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { registerAdminConsent } from './admin-consent.js';
import { registerAuthorize } from './authorize.js';
import { CodeStore } from './codes.js';
import { discoveryDocument } from './discovery.js';
import { assertTenantSegment } from './tenant-path.js';
import { registerLogout } from './logout.js';
import { registerTokenEndpoint } from './token-endpoint.js';

/** The Entra authority, on Entra's own paths under `/{tenant}/`. */
export function registerEntra(app: FastifyInstance, ctx: DevTenantContext): void {
  const codes = new CodeStore();

  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', async (request) => {
    assertTenantSegment(ctx, request.params.tenant);
    return discoveryDocument(ctx, request.params.tenant);
  });

  app.get<{ Params: { tenant: string } }>('/:tenant/discovery/v2.0/keys', async (request) => {
    assertTenantSegment(ctx, request.params.tenant);
    return { keys: [{ ...ctx.key.publicJwk, x5t: ctx.key.kid, issuer: `${ctx.baseUrl()}/${ctx.fixture.tenant.id}/v2.0` }] };
  });

  registerTokenEndpoint(app, ctx, codes);
  registerAuthorize(app, ctx, codes);
  registerAdminConsent(app, ctx);
  registerLogout(app, ctx);
}
