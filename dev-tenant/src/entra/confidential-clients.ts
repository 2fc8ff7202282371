import { timingSafeEqual } from 'node:crypto';
import type { DevTenantContext } from '../context.js';
import type { FixtureConfidentialApp } from '../fixture.js';
import { EntraError } from './errors.js';

export function findConfidentialApp(ctx: DevTenantContext, clientId: string): FixtureConfidentialApp | undefined {
  return (ctx.fixture.confidentialApps ?? []).find((app) => app.appId === clientId.toLowerCase());
}

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The secret from the form (client_secret_post, as msal-node sends it) or from HTTP Basic (client_secret_basic). */
function sentSecret(form: Record<string, string | undefined>, authorization: string | undefined): string | undefined {
  if (form.client_secret) return form.client_secret;
  const basic = /^Basic +(\S+)$/i.exec(authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1));
}

/** Entra's answers when a confidential client does not prove itself; the secret itself is never echoed. */
export function authenticateConfidentialClient(app: FixtureConfidentialApp, form: Record<string, string | undefined>, authorization: string | undefined): void {
  if (form.client_assertion) {
    throw new EntraError('invalid_client', 700027, 'Client assertion failed signature validation. The dev tenant knows no certificate for this app: use its client secret.', undefined, 401);
  }
  const secret = sentSecret(form, authorization);
  if (!secret) {
    throw new EntraError('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", undefined, 401);
  }
  if (!sameSecret(secret, app.clientSecret)) {
    throw new EntraError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      undefined,
      401,
    );
  }
}
