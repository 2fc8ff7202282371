import type { DevTenantContext } from '../context.js';
import { EntraError } from './errors.js';

/** Entra accepts the tenant id, a verified domain, `organizations` and `common` in the path. */
export function assertTenantSegment(ctx: DevTenantContext, segment: string): void {
  const { id, domain } = ctx.fixture.tenant;
  const known = [id, domain.toLowerCase(), 'organizations', 'common'];
  if (!known.includes(segment.toLowerCase())) {
    throw new EntraError('invalid_tenant', 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
}
