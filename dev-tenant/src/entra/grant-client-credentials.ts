import type { DevTenantContext } from '../context.js';
import type { FixtureConfidentialApp, FixtureTenant } from '../fixture.js';
import { issueAppToken } from './app-tokens.js';
import { EntraError, missingServicePrincipal } from './errors.js';
import { parseScopesOrThrow } from './grants.js';
import { ACS_APP_ID } from './resources.js';

/**
 * `grant_type=client_credentials`: a backend's token for itself. Entra takes one `<resource>/.default` and
 * puts in the token whatever application permissions an administrator granted (none is no error: the token
 * just carries no `roles`, and the resource decides). The token is for the tenant the authority names: the
 * vendor's multi-tenant backend gets one per customer tenant.
 */
export async function clientCredentialsGrant(ctx: DevTenantContext, tenant: FixtureTenant, app: FixtureConfidentialApp, scope: string | undefined) {
  const words = (scope ?? '').split(/\s+/).filter(Boolean);
  const notDefault = words.find((w) => !w.endsWith('/.default'));
  if (!words.length || notDefault !== undefined || words.length > 1) {
    throw new EntraError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${notDefault ?? scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const { resource } = parseScopesOrThrow(ctx, scope);
  if (resource.appId === ACS_APP_ID && !tenant.acsServicePrincipalInstalled) throw missingServicePrincipal(tenant.id);
  const prefix = `${resource.identifierUri.toLowerCase()}/`;
  const roles = app.applicationPermissions.filter((p) => p.toLowerCase().startsWith(prefix)).map((p) => p.slice(prefix.length));
  const lifetime = ctx.fixture.lifetimes.entraAccessTokenSeconds;
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: await issueAppToken(ctx, tenant.id, app, resource, roles) };
}
