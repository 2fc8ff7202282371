import { issuerFor, type DevTenantContext } from '../context.js';
import { findTenant } from '../tenants.js';

/**
 * The OpenID configuration Entra publishes at `/{tenant}/v2.0/.well-known/openid-configuration`. A tenant's
 * (by id or domain) names its issuer; `organizations` and `common` have the literal `{tenantid}` in it, as
 * Entra's do: the issuer of each token is its user's home tenant.
 */
export function discoveryDocument(ctx: DevTenantContext, tenantSegment = ctx.fixture.tenant.id) {
  const base = `${ctx.baseUrl()}/${tenantSegment}`;
  const tenant = findTenant(ctx, tenantSegment);
  const issuer = tenant ? issuerFor(ctx, tenant.tenant.id) : `${ctx.baseUrl()}/{tenantid}/v2.0`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.baseUrl()}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'dev-tenant.localhost',
    cloud_graph_host_name: 'graph.dev-tenant.localhost',
    msgraph_host: 'graph.dev-tenant.localhost',
    rbac_url: 'https://pas.windows.net',
  };
}
