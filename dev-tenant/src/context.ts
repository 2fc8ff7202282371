import type { Fixture } from './fixture.js';
import type { SigningKey } from './keys.js';
import type { TenantState } from './state.js';
import { directoriesOf } from './tenants.js';

/** What every surface of the dev tenant shares: the fixture, the mutable state, the keys and the clock. */
export interface DevTenantContext {
  fixture: Fixture;
  state: TenantState;
  /** The top-level tenant's Entra key; it also signs ACS tokens (the ACS resource's own key is not modelled apart). */
  key: SigningKey;
  /** Each tenant's Entra signing key by lower-case tenant id, the top-level tenant's being `key`. */
  tenantKeys: Map<string, SigningKey>;
  /** The origin the dev tenant answers on, e.g. `http://127.0.0.1:4010`; known once it listens. */
  baseUrl(): string;
  /** Seconds since the epoch, shifted by the test clock offset (`POST /.dev/clock`). */
  now(): number;
  clockOffsetSeconds: number;
}

export function issuerFor(ctx: DevTenantContext, tenantId = ctx.fixture.tenant.id): string {
  return `${ctx.baseUrl()}/${tenantId}/v2.0`;
}

/** The key a tenant's tokens are signed with; each tenant has its own, as each Entra tenant's keys are its own to check. */
export function signingKeyOf(ctx: DevTenantContext, tenantId: string): SigningKey {
  const key = ctx.tenantKeys.get(tenantId.toLowerCase());
  if (!key) throw new Error(`no signing key for tenant ${tenantId}`);
  return key;
}

/** A user of any tenant, by object id or sign-in name (both are unique across the fixture's tenants). */
export function findUser(ctx: DevTenantContext, idOrUpn: string) {
  const needle = idOrUpn.toLowerCase();
  for (const directory of directoriesOf(ctx.fixture)) {
    const user = directory.users.find((u) => u.id === needle || u.userPrincipalName.toLowerCase() === needle);
    if (user) return user;
  }
  return undefined;
}
