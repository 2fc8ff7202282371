import { randomBytes } from 'node:crypto';
import { issuerFor, type DevTenantContext } from '../context.js';
import type { FixtureConfidentialApp } from '../fixture.js';
import type { Resource } from './resources.js';
import { sign, v1IssuerFor } from './tokens.js';

/**
 * An app-only access token (client credentials): the service principal is the subject (`oid` = `sub`), the
 * granted application permissions are `roles`, there is no `scp`, and `idtyp: app` says no user is behind it.
 * Its version follows the resource, as for delegated tokens; `tid` is the tenant it was asked at, whose key signs it.
 */
export function issueAppToken(ctx: DevTenantContext, tid: string, app: FixtureConfidentialApp, resource: Resource, roles: string[]): Promise<string> {
  const common = {
    aud: resource.audience,
    idtyp: 'app',
    oid: app.servicePrincipalId,
    sub: app.servicePrincipalId,
    ...(roles.length ? { roles } : {}),
    tid,
    uti: randomBytes(16).toString('base64url'),
  };
  const lifetime = ctx.fixture.lifetimes.entraAccessTokenSeconds;
  if (resource.tokenVersion === 1) {
    const iss = v1IssuerFor(tid);
    return sign(ctx, { ...common, iss, idp: iss, appid: app.appId, appidacr: '1', ver: '1.0' }, lifetime, { x5t: true, signedNonce: resource.signedNonceInHeader });
  }
  return sign(ctx, { ...common, iss: issuerFor(ctx, tid), azp: app.appId, azpacr: '1', ver: '2.0' }, lifetime, { signedNonce: resource.signedNonceInHeader });
}
