import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUser, type DevTenantContext } from '../context.js';
import type { FixtureTenant, FixtureUser } from '../fixture.js';
import { findTenant, homeTenantOf } from '../tenants.js';
import {
  assertAuthorizeParams,
  assertClientAndRedirect,
  decodeParams,
  encodeParams,
  errorFields,
  PageError,
  pickParams,
  redirectLocation,
  type AuthorizeParams,
} from './authorize-request.js';
import type { CodeStore } from './codes.js';
import { clientRequestId, echoClientRequestId } from './correlation.js';
import { canGrantAdminConsent, describeScope, evaluateConsentAll, grantAdminConsent, grantUserConsent } from './consent.js';
import { consentRequired, EntraError, missingServicePrincipal } from './errors.js';
import { fullScope, parseAuthorizeScopes, ScopeError, type ScopeRequest } from './resources.js';
import { sessionUser, startSession } from './session.js';
import { signInFormUser, type SignInForm } from './sign-in-form.js';
import { renderMessagePage, renderSignInPage } from './sign-in-page.js';
import { clientInfo } from './tokens.js';
import { admits, assertTenantSegment, notInTenant, usersAt, type Authority } from './tenant-path.js';

/** `/{tenant}/oauth2/v2.0/authorize`: the interactive half of the authorization code flow with PKCE. */
export function registerAuthorize(app: FastifyInstance, ctx: DevTenantContext, codes: CodeStore): void {
  const path = '/:tenant/oauth2/v2.0/authorize';

  const consentError = (tenant: FixtureTenant, outcome: { noServicePrincipal: boolean }): EntraError =>
    outcome.noServicePrincipal
      ? missingServicePrincipal(tenant.id)
      : consentRequired(ctx.fixture.apps.ccaasClient.appId, ctx.fixture.apps.ccaasClient.displayName, 'consent_required');

  const redirectWithCode = (reply: FastifyReply, params: AuthorizeParams, user: FixtureUser) => {
    const code = codes.issue({
      clientId: params.client_id!,
      redirectUri: params.redirect_uri!,
      userId: user.id,
      scope: params.scope ?? '',
      nonce: params.nonce,
      codeChallenge: params.code_challenge!,
      expiresAt: ctx.now() + 600,
    });
    return reply.redirect(redirectLocation(params, { code, client_info: clientInfo(ctx, user), session_state: user.id }), 302);
  };

  const redirectWithError = (request: FastifyRequest, reply: FastifyReply, params: AuthorizeParams, error: EntraError) =>
    reply.redirect(redirectLocation(params, errorFields(error, clientRequestId(request))), 302);

  const showPage = (
    reply: FastifyReply,
    authority: Authority,
    params: AuthorizeParams,
    scopes: ScopeRequest[],
    extra: { error?: string; status?: number; signedIn?: FixtureUser; picked?: FixtureUser } = {},
  ) => {
    // The page cannot know the user yet: it lists what their tenant has not consented to for everyone. At a
    // multi-tenant authority the tenant is known only from a hint; without one, everything asked is listed.
    const everything = scopes.flatMap((r) => r.permissions.map((p) => fullScope(r.resource, p)));
    const hinted = params.login_hint ? findTenant(ctx, params.login_hint.split('@').pop() ?? '') : undefined;
    const tenant = authority.tenant ?? hinted;
    const outcome = tenant
      ? evaluateConsentAll(ctx, tenant.tenant, params.client_id!, '', scopes)
      : { missing: everything, needsAdmin: scopes.some((r) => r.permissions.some((p) => r.resource.permissions[p])) };
    const asked = params.prompt === 'consent' ? everything : outcome.missing;
    return reply
      .code(extra.status ?? 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        renderSignInPage({
          title: 'Sign in',
          appName: ctx.fixture.apps.ccaasClient.displayName,
          tenantName: authority.tenant?.tenant.displayName ?? 'Your work account',
          action: `/${encodeURIComponent(authority.segment)}/oauth2/v2.0/authorize`,
          request: encodeParams(params),
          users: usersAt(ctx, authority),
          loginHint: extra.picked?.userPrincipalName ?? params.login_hint,
          passwordStep: Boolean(extra.picked),
          consent: asked.map((scope) => describeScope(ctx, scope)),
          offerOrgConsent: outcome.needsAdmin,
          signedIn: extra.signedIn,
          error: extra.error,
        }),
      );
  };

  /** Validates what can only be shown on a page, then runs `handle`; later errors go to the redirect URI. */
  const withParams = async (request: FastifyRequest, reply: FastifyReply, params: AuthorizeParams, handle: (scopes: ScopeRequest[]) => Promise<unknown> | unknown) => {
    echoClientRequestId(request, reply);
    try {
      assertClientAndRedirect(ctx, params);
    } catch (error) {
      if (error instanceof PageError) return reply.code(400).type('text/html; charset=utf-8').send(renderMessagePage('Sign-in error', error.message));
      throw error;
    }
    try {
      assertAuthorizeParams(params);
      let scopes: ScopeRequest[];
      try {
        scopes = parseAuthorizeScopes(ctx.fixture, params.scope);
      } catch (error) {
        if (error instanceof ScopeError) throw new EntraError('invalid_scope', error.code, error.message);
        throw error;
      }
      return await handle(scopes);
    } catch (error) {
      if (error instanceof EntraError) return redirectWithError(request, reply, params, error);
      throw error;
    }
  };

  app.get<{ Params: { tenant: string }; Querystring: Record<string, unknown> }>(path, async (request, reply) => {
    const authority = assertTenantSegment(ctx, request.params.tenant);
    const params = pickParams(request.query);
    return withParams(request, reply, params, (scopes) => {
      // A session of another tenant's user is no session at this tenant's authority.
      const session = sessionUser(ctx, request);
      const current = session && admits(authority, session) ? session : undefined;
      const hintMatches = !params.login_hint || current?.userPrincipalName.toLowerCase() === params.login_hint.toLowerCase();
      const prompt = params.prompt ?? '';
      if (prompt === 'none') {
        if (!current || !hintMatches) {
          throw new EntraError('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
        }
        const { tenant } = homeTenantOf(ctx, current);
        const outcome = evaluateConsentAll(ctx, tenant, params.client_id!, current.id, scopes);
        if (!outcome.ok) throw consentError(tenant, outcome);
        return redirectWithCode(reply, params, current);
      }
      if (current && hintMatches && !['login', 'select_account', 'consent', 'create'].includes(prompt)) {
        if (evaluateConsentAll(ctx, homeTenantOf(ctx, current).tenant, params.client_id!, current.id, scopes).ok) return redirectWithCode(reply, params, current);
      }
      // A consent prompt for someone signed in already asks them to accept, not to sign in again (as Entra does).
      return showPage(reply, authority, params, scopes, prompt === 'consent' && current && hintMatches ? { signedIn: current } : {});
    });
  });

  app.post<{ Params: { tenant: string }; Body: SignInForm }>(path, async (request, reply) => {
    const authority = assertTenantSegment(ctx, request.params.tenant);
    const form = request.body ?? {};
    let params: AuthorizeParams;
    try {
      params = decodeParams(form.request);
    } catch (error) {
      return reply.code(400).type('text/html; charset=utf-8').send(renderMessagePage('Sign-in error', (error as Error).message));
    }
    return withParams(request, reply, params, (scopes) => {
      if (form.action === 'cancel') {
        throw new EntraError('access_denied', 65004, 'User declined to consent to access the app.');
      }
      // Picking an account only names it: as on Entra's page, the password is asked for next.
      if (form.action !== 'continue' && form.pick) {
        const picked = findUser(ctx, form.pick);
        return showPage(reply, authority, params, scopes, picked ? { picked } : { error: 'We could not find that account.', status: 400 });
      }
      const user = form.action === 'continue' ? sessionUser(ctx, request) : signInFormUser(ctx, form);
      if (!user) {
        return showPage(reply, authority, params, scopes, { error: 'Your account or password is incorrect.', status: 401 });
      }
      if (!admits(authority, user)) {
        return showPage(reply, authority, params, scopes, { error: notInTenant(ctx, authority, user, 'page').message, status: 401 });
      }
      // Consent is looked up, and given, in the user's own tenant: at `organizations` that is how a customer's
      // admin consents the vendor's app for their organization and no other.
      const { tenant } = homeTenantOf(ctx, user);
      const outcome = evaluateConsentAll(ctx, tenant, params.client_id!, user.id, scopes);
      if (!outcome.ok) {
        if (outcome.noServicePrincipal) throw consentError(tenant, outcome);
        const { missing, needsAdmin } = outcome;
        if (form.consent_for_org === '1' && canGrantAdminConsent(user)) {
          grantAdminConsent(ctx, tenant.id, params.client_id!, missing);
        } else if (needsAdmin) {
          startSession(ctx, reply, user);
          throw consentError(tenant, outcome);
        } else {
          grantUserConsent(ctx, params.client_id!, user.id, missing);
        }
      }
      startSession(ctx, reply, user);
      return redirectWithCode(reply, params, user);
    });
  });
}
