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
    // As Entra publishes them: no `alg` (the token header and the verifier's allow-list say RS256), the key's
    // self-signed certificate in `x5c` and its SHA-1 thumbprint in `x5t`.
    const { kty, use, kid, n, e } = ctx.key.publicJwk;
    const { x5t, x5c } = ctx.key.certificate;
    return { keys: [{ kty, use, kid, x5t, n, e, x5c, issuer: `${ctx.baseUrl()}/${ctx.fixture.tenant.id}/v2.0` }] };
  });

  registerTokenEndpoint(app, ctx, codes);
  registerAuthorize(app, ctx, codes);
  registerAdminConsent(app, ctx);
  registerLogout(app, ctx);
}
