import type { Fixture } from './fixture.js';
import type { SigningKey } from './keys.js';
import type { TenantState } from './state.js';

/** What every surface of the dev tenant shares: the fixture, the mutable state, the key and the clock. */
export interface DevTenantContext {
  fixture: Fixture;
  state: TenantState;
  key: SigningKey;
  /** The origin the dev tenant answers on, e.g. `http://127.0.0.1:4010`; known once it listens. */
  baseUrl(): string;
  /** Seconds since the epoch, shifted by the test clock offset (`POST /.dev/clock`). */
  now(): number;
  clockOffsetSeconds: number;
}

export function issuerFor(ctx: DevTenantContext, tenantId = ctx.fixture.tenant.id): string {
  return `${ctx.baseUrl()}/${tenantId}/v2.0`;
}

export function findUser(ctx: DevTenantContext, idOrUpn: string) {
  const needle = idOrUpn.toLowerCase();
  return ctx.fixture.users.find((u) => u.id === needle || u.userPrincipalName.toLowerCase() === needle);
}
