import type { DevTenantContext } from './context.js';
import type { Fixture, FixtureDirectory, FixtureUser } from './fixture.js';

/**
 * Every tenant the dev tenant serves: the top-level one first (its objects are the fixture's own, so a
 * policy switch flipped on `fixture.tenant` is seen here too), then `otherTenants`.
 */
export function directoriesOf(fixture: Fixture): FixtureDirectory[] {
  const { tenant, users, groups, resourceAccounts } = fixture;
  return [{ tenant, users, groups, resourceAccounts }, ...(fixture.otherTenants ?? [])];
}

/** A tenant by id or verified domain, as Entra reads the tenant segment of its paths. */
export function findTenant(ctx: DevTenantContext, idOrDomain: string): FixtureDirectory | undefined {
  const needle = idOrDomain.toLowerCase();
  return directoriesOf(ctx.fixture).find((d) => d.tenant.id.toLowerCase() === needle || d.tenant.domain.toLowerCase() === needle);
}

/** The tenant a user belongs to: their tokens carry its `tid`, are signed with its key and use its consents. */
export function homeTenantOf(ctx: DevTenantContext, user: FixtureUser): FixtureDirectory {
  return directoriesOf(ctx.fixture).find((d) => d.users.includes(user))!;
}

export function isMember(directory: FixtureDirectory, user: FixtureUser): boolean {
  return directory.users.includes(user);
}

/** The directory a Graph call reads: the tenant of its (verified) token, whatever tenant the caller names. */
export function tenantOfToken(ctx: DevTenantContext, claims: { tid: string }): FixtureDirectory {
  const directory = findTenant(ctx, claims.tid);
  if (!directory) throw new Error(`verified token of unknown tenant ${claims.tid}`);
  return directory;
}
