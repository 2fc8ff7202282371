import type { DevTenantContext } from '../context.js';
import type { FixtureConfidentialApp, FixtureTenant } from '../fixture.js';
import { authenticateConfidentialClient } from './confidential-clients.js';
import { EntraError } from './errors.js';
import { clientCredentialsGrant } from './grant-client-credentials.js';
import { onBehalfOfGrant } from './grant-on-behalf-of.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The token endpoint for a confidential client (a backend with a secret): it proves itself, then asks. `tenant`
 * is the one the authority names (the top-level tenant at `organizations` or `common`).
 */
export async function confidentialClientGrant(
  ctx: DevTenantContext,
  tenant: FixtureTenant,
  app: FixtureConfidentialApp,
  form: Record<string, string | undefined>,
  authorization: string | undefined,
) {
  const grantType = form.grant_type;
  if (!grantType) throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  authenticateConfidentialClient(app, form, authorization);
  if (grantType === 'client_credentials') return clientCredentialsGrant(ctx, tenant, app, form.scope);
  if (grantType === JWT_BEARER) return onBehalfOfGrant(ctx, app, form);
  throw new EntraError('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'. The dev tenant gives a confidential client client_credentials and on-behalf-of (${JWT_BEARER}) only.`);
}
