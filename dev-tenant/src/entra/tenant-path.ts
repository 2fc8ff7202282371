import type { DevTenantContext } from '../context.js';
import type { FixtureDirectory, FixtureUser } from '../fixture.js';
import { directoriesOf, findTenant, homeTenantOf, isMember } from '../tenants.js';
import { EntraError } from './errors.js';

/**
 * Who may sign in at an authority: one tenant (its id or a verified domain in the path), or any tenant's
 * users (`organizations`, `common`: a multi-tenant app's authority, where each user's home tenant issues).
 */
export interface Authority {
  /** The path segment as given; pages post back to it so that a flow stays on its authority. */
  segment: string;
  /** Undefined for `organizations` and `common`. */
  tenant?: FixtureDirectory;
}

const MULTI_TENANT_SEGMENTS = ['organizations', 'common'];

/** Entra accepts a tenant id, a verified domain, `organizations` and `common` in the path. */
export function assertTenantSegment(ctx: DevTenantContext, segment: string): Authority {
  if (MULTI_TENANT_SEGMENTS.includes(segment.toLowerCase())) return { segment };
  const tenant = findTenant(ctx, segment);
  if (!tenant) {
    throw new EntraError('invalid_tenant', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  return { segment, tenant };
}

/** Whether `user` may sign in at `authority`: any user at a multi-tenant one, a member at a tenant's. */
export function admits(authority: Authority, user: FixtureUser): boolean {
  return !authority.tenant || isMember(authority.tenant, user);
}

/** The users a sign-in page offers to pick. */
export function usersAt(ctx: DevTenantContext, authority: Authority): FixtureUser[] {
  return authority.tenant ? authority.tenant.users : directoriesOf(ctx.fixture).flatMap((d) => d.users);
}

/**
 * What Entra answers when a user of one tenant signs in at another's authority (guests are not modelled):
 * AADSTS50020 on the sign-in page, AADSTS50034 from the token endpoint's password grant.
 */
export function notInTenant(ctx: DevTenantContext, authority: Authority, user: FixtureUser, where: 'page' | 'token'): EntraError {
  const home = homeTenantOf(ctx, user).tenant.id;
  const tenantName = authority.tenant?.tenant.displayName ?? authority.segment;
  if (where === 'token') {
    return new EntraError('invalid_grant', 50034, `The user account ${user.userPrincipalName} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`);
  }
  return new EntraError(
    'invalid_request',
    50020,
    `User account '${user.userPrincipalName}' from identity provider 'https://sts.windows.net/${home}/' does not exist in tenant '${tenantName}' and cannot access the application in that tenant.`,
  );
}
