import type { DevTenantContext } from '../context.js';
import type { FixtureResourceAccount } from '../fixture.js';
import { assignmentKey, isResourceAccountAssignment } from '../acs/assignment-rules.js';
import type { CallCodeName } from './call-codes.js';
import { samePhoneNumber } from './phone-numbers.js';
import { directoriesOf } from '../tenants.js';
import { isOnline, type Registration } from './registrations.js';

/** Every tenant's resource accounts: the ACS resource links lines of many customers. */
function allResourceAccounts(ctx: DevTenantContext): FixtureResourceAccount[] {
  return directoriesOf(ctx.fixture).flatMap((d) => d.resourceAccounts);
}

export function resourceAccountByNumber(ctx: DevTenantContext, phoneNumber: string): FixtureResourceAccount | undefined {
  return allResourceAccounts(ctx).find((ra) => samePhoneNumber(ra.phoneNumber, phoneNumber));
}

/** `teamsAppId` is the resource account's object id; the SDK's raw form `28:orgid:<id>` names it too. */
export function resourceAccountById(ctx: DevTenantContext, teamsAppId: string): FixtureResourceAccount | undefined {
  const id = teamsAppId.toLowerCase().replace(/^28:(orgid:)?/, '');
  return allResourceAccounts(ctx).find((ra) => ra.id.toLowerCase() === id);
}

/** The tenant a resource account belongs to. */
export function tenantOfResourceAccount(ctx: DevTenantContext, ra: FixtureResourceAccount): string {
  return directoriesOf(ctx.fixture).find((d) => d.resourceAccounts.includes(ra))!.tenant.id.toLowerCase();
}

/** Linked: its tenant gave server consent for it (a resource-account assignment). */
function isLinked(ctx: DevTenantContext, ra: FixtureResourceAccount): boolean {
  const assignment = ctx.state.data.assignments[assignmentKey(tenantOfResourceAccount(ctx, ra), ra.id.toLowerCase())];
  return assignment !== undefined && isResourceAccountAssignment(assignment);
}

/**
 * Why calls through this resource account are refused, if they are. The app is checked first because
 * Teams routes a call to the resource account's app before ACS is involved: a number whose app is not the
 * CCaaS bot never reaches this resource, whatever its binding.
 */
export function resourceAccountRefusal(ctx: DevTenantContext, ra: FixtureResourceAccount): CallCodeName | undefined {
  if (ra.appId.toLowerCase() !== ctx.fixture.apps.ccaasBot.appId.toLowerCase()) return 'resourceAccountOtherApp';
  const bound = ra.acsResourceId?.toLowerCase() === ctx.fixture.acs.immutableResourceId.toLowerCase();
  if (!bound || !isLinked(ctx, ra)) return 'resourceAccountNotLinked';
  return undefined;
}

/** Agent consent: a `user` assignment in the agent's tenant. */
function isAssigned(ctx: DevTenantContext, registration: Registration): boolean {
  return ctx.state.data.assignments[assignmentKey(registration.tid, registration.oid)]?.principalType === 'user';
}

/** Who a call for a resource account may ring: online, CCaaS persona, assigned. */
export function canTakeCalls(ctx: DevTenantContext, registration: Registration): boolean {
  return isOnline(registration) && registration.persona === 'teamsExtension' && isAssigned(ctx, registration);
}

/** Why nobody can be rung: Teams-persona agents alone time out, otherwise nobody is available. */
export function nobodyToRing(online: Registration[]): CallCodeName {
  return online.some((r) => r.persona === 'teamsUser') ? 'teamsPersona' : 'noAgentAvailable';
}
