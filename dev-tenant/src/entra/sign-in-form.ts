import { findUser, type DevTenantContext } from '../context.js';
import type { FixtureUser } from '../fixture.js';

export type SignInForm = Record<string, string | undefined>;

/** Who the sign-in form names: a picked fixture user, or a typed user whose password matches. */
export function signInFormUser(ctx: DevTenantContext, form: SignInForm): FixtureUser | undefined {
  if (form.pick) return findUser(ctx, form.pick);
  const user = form.username ? findUser(ctx, form.username) : undefined;
  return user && user.password === form.password ? user : undefined;
}
