import type { DevTenantContext } from '../context.js';
import type { FixtureTenant, FixtureUser } from '../fixture.js';
import { findClient } from './clients.js';
import { ACS_APP_ID, fullScope, knownResources, type Resource, type ScopeRequest } from './resources.js';

export type ConsentOutcome =
  | { ok: true; permissions: string[] }
  | { ok: false; kind: 'user-consent' | 'admin-consent'; missing: string[] }
  | { ok: false; kind: 'no-service-principal'; missing: string[] };

/** Roles that may grant tenant-wide consent for delegated permissions. */
export const CONSENT_ADMIN_ROLES = new Set(['GlobalAdministrator', 'ApplicationAdministrator', 'CloudApplicationAdministrator']);

export function canGrantAdminConsent(user: FixtureUser): boolean {
  return user.roles.some((r) => CONSENT_ADMIN_ROLES.has(r));
}

/** Consent is a grant in one tenant: an admin of Contoso consenting a multi-tenant app does nothing for Fabrikam. */
function adminConsentKey(tenantId: string, clientId: string): string {
  return `${tenantId.toLowerCase()} ${clientId}`;
}

function grantedScopes(ctx: DevTenantContext, tenantId: string, clientId: string, userId: string): Set<string> {
  const { adminConsents, userConsents } = ctx.state.data;
  return new Set([...(adminConsents[adminConsentKey(tenantId, clientId)] ?? []), ...(userConsents[`${clientId} ${userId}`] ?? [])].map((s) => s.toLowerCase()));
}

/** The resource as `tenant` sees it: which of its permissions need an admin follows the tenant's policy. */
function resourceIn(ctx: DevTenantContext, tenant: FixtureTenant, resource: Resource): Resource {
  return knownResources(ctx.fixture, tenant).find((r) => r.appId === resource.appId) ?? resource;
}

/** Decides, as Entra does, whether `userId` of `tenant` may get a token for `request` through `clientId`. */
export function evaluateConsent(ctx: DevTenantContext, tenant: FixtureTenant, clientId: string, userId: string, request: ScopeRequest): ConsentOutcome {
  const resource = resourceIn(ctx, tenant, request.resource);
  if (resource.appId === ACS_APP_ID && !tenant.acsServicePrincipalInstalled) {
    return { ok: false, kind: 'no-service-principal', missing: request.permissions };
  }
  const granted = grantedScopes(ctx, tenant.id, clientId, userId);
  const isGranted = (p: string) => granted.has(fullScope(resource, p).toLowerCase());
  // Entra puts every permission consented for the resource into the token, not only the ones asked for.
  const consented = Object.keys(resource.permissions).filter(isGranted);
  const asked = request.wantsDefault ? [...new Set([...consented, ...request.permissions])] : request.permissions;
  if (request.wantsDefault && !consented.length) return { ok: false, kind: 'user-consent', missing: asked };
  const missing = asked.filter((p) => !isGranted(p));
  if (missing.length) return { ok: false, kind: missing.some((p) => resource.permissions[p]) ? 'admin-consent' : 'user-consent', missing };
  return { ok: true, permissions: [...new Set([...asked, ...consented])] };
}

/** The consent outcome of several resources' scopes asked for at once, with what is missing as full scopes. */
export function evaluateConsentAll(ctx: DevTenantContext, tenant: FixtureTenant, clientId: string, userId: string, requests: ScopeRequest[]) {
  const missing: string[] = [];
  let needsAdmin = false;
  for (const request of requests) {
    const outcome = evaluateConsent(ctx, tenant, clientId, userId, request);
    if (outcome.ok) continue;
    if (outcome.kind === 'no-service-principal') return { ok: false as const, noServicePrincipal: true, missing, needsAdmin };
    missing.push(...outcome.missing.map((p) => fullScope(request.resource, p)));
    needsAdmin ||= outcome.kind === 'admin-consent';
  }
  return { ok: missing.length === 0, noServicePrincipal: false, missing, needsAdmin };
}

export function grantUserConsent(ctx: DevTenantContext, clientId: string, userId: string, scopes: string[]): void {
  const key = `${clientId} ${userId}`;
  const existing = ctx.state.data.userConsents[key] ?? [];
  ctx.state.data.userConsents[key] = [...new Set([...existing, ...scopes])];
  ctx.state.changed();
}

/**
 * Grants scopes for every user of one tenant: by default all the permissions the client app's registration
 * lists (the admin-consent endpoint), or just `scopes` (consent given on the sign-in page).
 */
export function grantAdminConsent(ctx: DevTenantContext, tenantId: string, clientId: string, scopes?: string[]): void {
  const registered = findClient(ctx, clientId)?.requiredScopes ?? (ctx.fixture.confidentialApps ?? []).find((app) => app.appId === clientId)?.requiredScopes ?? [];
  const key = adminConsentKey(tenantId, clientId);
  const existing = ctx.state.data.adminConsents[key] ?? [];
  ctx.state.data.adminConsents[key] = [...new Set([...existing, ...(scopes ?? registered)])];
  ctx.state.changed();
}

/** Names the resource behind a full scope string, for consent pages. */
export function describeScope(ctx: DevTenantContext, scope: string): string {
  const resource = knownResources(ctx.fixture).find((r) => scope.toLowerCase().startsWith(`${r.identifierUri.toLowerCase()}/`));
  return resource ? `${resource.displayName}: ${scope.slice(resource.identifierUri.length + 1)}` : scope;
}
