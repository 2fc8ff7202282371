import type { FastifyInstance } from 'fastify';
import { signingKeyOf, type DevTenantContext } from '../context.js';
import { directoriesOf } from '../tenants.js';
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
    const authority = assertTenantSegment(ctx, request.params.tenant);
    // As Entra publishes them: no `alg` (the token header and the verifier's allow-list say RS256), the key's
    // self-signed certificate in `x5c` and its SHA-1 thumbprint in `x5t`. A tenant publishes its own key only;
    // `organizations` and `common` publish every tenant's, with the `{tenantid}` issuer, as Entra's do.
    const tenants = authority.tenant ? [authority.tenant] : directoriesOf(ctx.fixture);
    const issuer = (tenantId: string) => `${ctx.baseUrl()}/${authority.tenant ? tenantId : '{tenantid}'}/v2.0`;
    return {
      keys: tenants.map(({ tenant }) => {
        const key = signingKeyOf(ctx, tenant.id);
        const { kty, use, kid, n, e } = key.publicJwk;
        const { x5t, x5c } = key.certificate;
        return { kty, use, kid, x5t, n, e, x5c, issuer: issuer(tenant.id) };
      }),
    };
  });

  registerTokenEndpoint(app, ctx, codes);
  registerAuthorize(app, ctx, codes);
  registerAdminConsent(app, ctx);
  registerLogout(app, ctx);
}
