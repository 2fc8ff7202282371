import { findUser, type DevTenantContext } from '../context.js';
import type { FixtureUser } from '../fixture.js';

export type SignInForm = Record<string, string | undefined>;

/** Who the sign-in form names: a user whose password matches; picking a tile alone names nobody. */
export function signInFormUser(ctx: DevTenantContext, form: SignInForm): FixtureUser | undefined {
  const user = form.username ? findUser(ctx, form.username) : undefined;
  return user && user.password === form.password ? user : undefined;
}
