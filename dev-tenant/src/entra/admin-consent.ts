import type { FastifyInstance, FastifyReply } from 'fastify';
import { findUser, type DevTenantContext } from '../context.js';
import type { FixtureUser } from '../fixture.js';
import { findClient, type RegisteredClient } from './clients.js';
import { assertClientAndRedirect, decodeParams, encodeParams, PageError, pickParams, redirectLocation, type AuthorizeParams } from './authorize-request.js';
import { canGrantAdminConsent, describeScope, grantAdminConsent } from './consent.js';
import { EntraError } from './errors.js';
import { startSession } from './session.js';
import { signInFormUser, type SignInForm } from './sign-in-form.js';
import { renderMessagePage, renderSignInPage } from './sign-in-page.js';
import { admits, assertTenantSegment, notInTenant, usersAt, type Authority } from './tenant-path.js';
import { homeTenantOf } from '../tenants.js';

const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

/**
 * `/{tenant}/adminconsent` (and the v2.0 form): an administrator grants the client app's registered
 * permissions for everyone in the tenant; the app learns the outcome on its redirect URI's query.
 */
export function registerAdminConsent(app: FastifyInstance, ctx: DevTenantContext): void {
  /** The registration asked about; `guard` has checked that it exists. */
  const clientOf = (params: AuthorizeParams): RegisteredClient => findClient(ctx, params.client_id)!;

  const page = (reply: FastifyReply, authority: Authority, params: AuthorizeParams, extra: { error?: string; picked?: FixtureUser } = {}) => {
    const client = clientOf(params);
    return html(
      reply,
      extra.error ? 401 : 200,
      renderSignInPage({
        title: 'Permissions requested for your organization',
        appName: client.displayName,
        tenantName: authority.tenant?.tenant.displayName ?? 'Your work account',
        action: `/${encodeURIComponent(authority.segment)}/adminconsent`,
        request: encodeParams(params),
        users: usersAt(ctx, authority),
        loginHint: extra.picked?.userPrincipalName ?? params.login_hint,
        passwordStep: Boolean(extra.picked),
        consent: client.requiredScopes.map((s) => describeScope(ctx, s)),
        offerOrgConsent: true,
        orgConsentOnly: true,
        error: extra.error,
      }),
    );
  };

  const finish = (reply: FastifyReply, params: AuthorizeParams, fields: Record<string, string | undefined>, tenantName = '') => {
    const client = clientOf(params);
    if (params.redirect_uri) return reply.redirect(redirectLocation(params, fields, 'query'), 302);
    const granted = fields.admin_consent === 'True';
    return html(reply, granted ? 200 : 403, renderMessagePage(granted ? 'Permissions granted' : 'Permissions not granted', granted ? `${client.displayName} may now be used by everyone in ${tenantName}.` : (fields.error_description ?? 'Consent was not granted.')));
  };

  const denied = (error: EntraError) => ({ error: error.error, error_description: error.body().error_description });

  const guard = async (reply: FastifyReply, params: AuthorizeParams, handle: () => unknown) => {
    try {
      assertClientAndRedirect(ctx, params, false);
    } catch (error) {
      if (error instanceof PageError) return html(reply, 400, renderMessagePage('Admin consent error', error.message));
      throw error;
    }
    return handle();
  };

  for (const path of ['/:tenant/adminconsent', '/:tenant/v2.0/adminconsent']) {
    app.get<{ Params: { tenant: string }; Querystring: Record<string, unknown> }>(path, async (request, reply) => {
      const authority = assertTenantSegment(ctx, request.params.tenant);
      const params = pickParams(request.query);
      return guard(reply, params, () => page(reply, authority, params));
    });

    app.post<{ Params: { tenant: string }; Body: SignInForm }>(path, async (request, reply) => {
      const authority = assertTenantSegment(ctx, request.params.tenant);
      const form = request.body ?? {};
      let params: AuthorizeParams;
      try {
        params = decodeParams(form.request);
      } catch (error) {
        return html(reply, 400, renderMessagePage('Admin consent error', (error as Error).message));
      }
      return guard(reply, params, () => {
        if (form.action === 'cancel') {
          return finish(reply, params, denied(new EntraError('access_denied', 65004, 'User declined to consent to access the app.')));
        }
        // Picking an account only names it: the password is asked for next.
        const picked = form.pick ? findUser(ctx, form.pick) : undefined;
        if (picked) return page(reply, authority, params, { picked });
        const user = signInFormUser(ctx, form);
        if (!user) return page(reply, authority, params, { error: 'Your account or password is incorrect.' });
        if (!admits(authority, user)) return page(reply, authority, params, { error: notInTenant(ctx, authority, user, 'page').message });
        const client = clientOf(params);
        startSession(ctx, reply, user);
        if (!canGrantAdminConsent(user)) {
          return finish(
            reply,
            params,
            denied(new EntraError('access_denied', 90094, `${client.displayName} needs permission to access resources in your organization that only an admin can grant. Ask a Global, Application or Cloud Application Administrator to grant it.`)),
          );
        }
        // The admin's own tenant: at `organizations` (a vendor's onboarding link) each customer consents for itself.
        const { tenant } = homeTenantOf(ctx, user);
        grantAdminConsent(ctx, tenant.id, client.appId);
        return finish(reply, params, { admin_consent: 'True', tenant: tenant.id, scope: client.requiredScopes.join(' ') }, tenant.displayName);
      });
    });
  }
}
