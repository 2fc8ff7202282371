import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { isAllowedOrigin, isRegisteredRedirectUri } from '../redirect-uris.js';
import { endSession } from './session.js';
import { renderMessagePage } from './sign-in-page.js';
import { assertTenantSegment } from './tenant-path.js';

/** `/{tenant}/oauth2/v2.0/logout`: ends the authority session and returns to the app (MSAL needs `?state=`). */
export function registerLogout(app: FastifyInstance, ctx: DevTenantContext): void {
  const handler = async (request: FastifyRequest<{ Params: { tenant: string }; Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    assertTenantSegment(ctx, request.params.tenant);
    endSession(ctx, request, reply);
    const target = request.query.post_logout_redirect_uri;
    const state = request.query.state;
    if (typeof target === 'string' && (isRegisteredRedirectUri(ctx.fixture, target) || isAllowedOrigin(ctx.fixture, safeOrigin(target)))) {
      const url = new URL(target);
      if (typeof state === 'string') url.searchParams.set('state', state);
      return reply.redirect(url.href, 302);
    }
    return reply.type('text/html; charset=utf-8').send(renderMessagePage('You signed out', 'You have signed out of the dev tenant. You can close this window.'));
  };
  app.get('/:tenant/oauth2/v2.0/logout', handler);
  app.post('/:tenant/oauth2/v2.0/logout', handler);
}

function safeOrigin(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
