import type { FastifyReply, FastifyRequest } from 'fastify';
import { findUser, type DevTenantContext } from '../context.js';
import type { FixtureUser } from '../fixture.js';
import { randomToken } from './tokens.js';

export const SESSION_COOKIE = 'dev_tenant_session';

/** The user signed in to the authority in this browser, as Entra's ESTSAUTH cookie would say. */
export function sessionUser(ctx: DevTenantContext, request: FastifyRequest): FixtureUser | undefined {
  const id = request.cookies[SESSION_COOKIE];
  const session = id ? ctx.state.data.sessions[id] : undefined;
  return session ? findUser(ctx, session.userId) : undefined;
}

export function startSession(ctx: DevTenantContext, reply: FastifyReply, user: FixtureUser): void {
  const id = randomToken(32);
  ctx.state.data.sessions[id] = { userId: user.id, authTime: ctx.now() };
  ctx.state.changed();
  reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax' });
}

export function endSession(ctx: DevTenantContext, request: FastifyRequest, reply: FastifyReply): void {
  const id = request.cookies[SESSION_COOKIE];
  if (id && ctx.state.data.sessions[id]) {
    delete ctx.state.data.sessions[id];
    ctx.state.changed();
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
