import type { FastifyInstance } from 'fastify';
import { findUser, type DevTenantContext } from './context.js';
import { directoriesOf, findTenant } from './tenants.js';
import { HttpError } from './errors.js';
import { findConfidentialApp } from './entra/confidential-clients.js';
import { findClient, registeredClients, type RegisteredClient } from './entra/clients.js';
import { grantAdminConsent, grantUserConsent } from './entra/consent.js';
import { devTenantSettings } from './settings.js';

const MAX_CLOCK_OFFSET_SECONDS = 100 * 365 * 24 * 3600;

/**
 * Development-only controls under `/.dev/`: the public settings a page needs, and the knobs tests turn
 * (the clock, a reset). Nothing here exists in the real cloud; no secret but the dev ACS key is exposed,
 * and the dev tenant listens on loopback only. `alsoOnReset` lets other surfaces (calling) forget their
 * run-time state on the same reset.
 */
export function registerDevControls(app: FastifyInstance, ctx: DevTenantContext, alsoOnReset: Array<() => void> = []): void {
  app.get('/.dev/config', async () => {
    const { acs: _acs, ...settings } = devTenantSettings(ctx);
    const { connectionString: _secret, ...acsPublic } = _acs;
    // The lines an agent can be reached on and call from, for demo pages (agents cannot read Graph's list):
    // every customer's, the top-level tenant's first, each naming its tenant.
    const resourceAccounts = directoriesOf(ctx.fixture).flatMap(({ tenant, resourceAccounts: lines }) =>
      lines.filter((ra) => ra.appId === ctx.fixture.apps.ccaasBot.appId).map(({ id, displayName, phoneNumber }) => ({ id, displayName, phoneNumber, tenantId: tenant.id })),
    );
    return { ...settings, acs: acsPublic, resourceAccounts };
  });

  app.post<{ Body: { offsetSeconds?: unknown } }>('/.dev/clock', async (request) => {
    const offset = request.body?.offsetSeconds;
    // Checked before anything changes: an offset past what a Date can hold once answered 500 and stayed set.
    if (typeof offset !== 'number' || !Number.isFinite(offset) || Math.abs(offset) > MAX_CLOCK_OFFSET_SECONDS) {
      throw new HttpError(400, 'BadRequest', `Send {"offsetSeconds": <number>} to shift the dev tenant clock, at most ${MAX_CLOCK_OFFSET_SECONDS} s (100 years) either way.`);
    }
    ctx.clockOffsetSeconds = Math.trunc(offset);
    return { offsetSeconds: ctx.clockOffsetSeconds, now: new Date(ctx.now() * 1000).toISOString() };
  });

  // Scripts and tests that need a consented tenant without clicking through the consent pages. The same
  // consent goes to the SPA and to the test automation registration (as an administrator setting up a test
  // tenant would give it to both), unless `clientId` names one of them, or another registration (a confidential
  // backend). Admin consent is for one tenant: `tenantId` names it (the top-level tenant by default); a user's
  // consent is theirs, in their own tenant.
  app.post<{ Body: { userId?: unknown; scopes?: unknown; clientId?: unknown; tenantId?: unknown } }>('/.dev/consent', async (request, reply) => {
    const { userId, scopes, clientId, tenantId = ctx.fixture.tenant.id } = request.body ?? {};
    if (scopes !== undefined && (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string'))) {
      throw new HttpError(400, 'BadRequest', '"scopes" must be an array of full scope strings.');
    }
    const confidential = typeof clientId === 'string' ? findConfidentialApp(ctx, clientId) : undefined;
    const clients = clientId === undefined ? registeredClients(ctx) : [confidential ?? findClient(ctx, typeof clientId === 'string' ? clientId : undefined)];
    if (clients.some((c) => !c)) throw new HttpError(400, 'BadRequest', '"clientId" must be the application id of one of the fixture\'s app registrations.');
    const tenant = typeof tenantId === 'string' ? findTenant(ctx, tenantId) : undefined;
    if (!tenant) throw new HttpError(400, 'BadRequest', '"tenantId" must be the id of one of the fixture\'s tenants.');
    if (userId !== undefined && !(typeof userId === 'string' && findUser(ctx, userId)?.id === userId)) {
      throw new HttpError(400, 'BadRequest', '"userId" must be the object id of a fixture user.');
    }
    for (const client of clients as Array<Pick<RegisteredClient, 'appId' | 'requiredScopes'>>) {
      if (userId === undefined) grantAdminConsent(ctx, tenant.tenant.id, client.appId, scopes as string[] | undefined);
      else grantUserConsent(ctx, client.appId, userId as string, (scopes as string[] | undefined) ?? client.requiredScopes);
    }
    return reply.code(204).send();
  });

  // Flip the tenant's policy switches at run time (a missing ACS service principal, admin-only ACS consent).
  app.post<{ Body: Record<string, unknown> }>('/.dev/policy', async (request) => {
    const body = request.body ?? {};
    const switches = ['acsServicePrincipalInstalled', 'acsPermissionsRequireAdminConsent'] as const;
    const unknown = Object.keys(body).filter((k) => !(switches as readonly string[]).includes(k) || typeof body[k] !== 'boolean');
    if (unknown.length) throw new HttpError(400, 'BadRequest', `Send booleans for ${switches.join(' or ')}; not ${unknown.join(', ')}.`);
    for (const name of switches) if (typeof body[name] === 'boolean') ctx.fixture.tenant[name] = body[name] as boolean;
    return { acsServicePrincipalInstalled: ctx.fixture.tenant.acsServicePrincipalInstalled, acsPermissionsRequireAdminConsent: ctx.fixture.tenant.acsPermissionsRequireAdminConsent };
  });

  const initialPolicy = { ...ctx.fixture.tenant };
  app.post('/.dev/reset', async (_request, reply) => {
    ctx.state.reset();
    ctx.clockOffsetSeconds = 0;
    Object.assign(ctx.fixture.tenant, initialPolicy);
    for (const reset of alsoOnReset) reset();
    return reply.code(204).send();
  });
}
