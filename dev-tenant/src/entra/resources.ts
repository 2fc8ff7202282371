import type { Fixture, FixtureTenant } from '../fixture.js';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const ACS_APP_ID = '1fd5118e-2576-4263-8130-9503064c837a';
export const GRAPH_URI = 'https://graph.microsoft.com';
export const ACS_URI = 'https://auth.msft.communication.azure.com';
/**
 * The ACS resource's own data plane with Entra (Azure RBAC) authentication, as the SDKs ask for it
 * (`https://communication.azure.com//.default`); not the Teams API above, which is a different audience.
 */
export const COMMUNICATION_URI = 'https://communication.azure.com';
export const COMMUNICATION_APP_ID = '632ec9eb-fad7-4cbd-993a-e72973ba2acc';
export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** An API a token can be issued for, with the delegated permissions it exposes. */
export interface Resource {
  appId: string;
  displayName: string;
  identifierUri: string;
  /**
   * The resource's `accessTokenAcceptedVersion`: Entra shapes the access token by what the API accepts, not by
   * the endpoint asked (Graph and ACS get v1 tokens from the v2 endpoint).
   */
  tokenVersion: 1 | 2;
  /** The `aud` claim of its tokens: the identifier URI in v1 tokens, the app id in v2 ones for a vendor's API. */
  audience: string;
  /**
   * Graph's tokens carry a `nonce` in their header whose SHA-256 was what got signed, so that nobody but Graph
   * can validate them (a standard verifier sees a bad signature), and nobody is tempted to.
   */
  signedNonceInHeader: boolean;
  /** permission → whether only an administrator may consent to it. */
  permissions: Record<string, boolean>;
}

/**
 * An app registration's own API (`access_as_user`): v1 tokens for its `api://` URI unless it is registered with
 * `accessTokenAcceptedVersion: 2`, then v2 tokens whose audience is its app id.
 */
function ownApi(app: { appId: string; displayName: string; identifierUri: string; accessTokenAcceptedVersion?: 1 | 2 }): Resource {
  const version = app.accessTokenAcceptedVersion ?? 1;
  return {
    appId: app.appId,
    displayName: app.displayName,
    identifierUri: app.identifierUri,
    tokenVersion: version,
    audience: version === 2 ? app.appId : app.identifierUri,
    signedNonceInHeader: false,
    permissions: { access_as_user: false },
  };
}

/** The APIs as `tenant` sees them (its policy may make ACS's permissions admin-only); the top-level tenant by default. */
export function knownResources(fixture: Fixture, tenant: FixtureTenant = fixture.tenant): Resource[] {
  const acsAdminOnly = tenant.acsPermissionsRequireAdminConsent;
  return [
    {
      appId: GRAPH_APP_ID,
      displayName: 'Microsoft Graph',
      identifierUri: GRAPH_URI,
      tokenVersion: 1,
      audience: GRAPH_URI,
      signedNonceInHeader: true,
      permissions: {
        'User.Read': false,
        'User.ReadBasic.All': false,
        'Group.Read.All': true,
        'TeamsResourceAccount.Read.All': true,
      },
    },
    {
      appId: ACS_APP_ID,
      displayName: 'Azure Communication Services',
      identifierUri: ACS_URI,
      tokenVersion: 1,
      audience: ACS_URI,
      signedNonceInHeader: false,
      permissions: {
        'Teams.ManageCalls': acsAdminOnly,
        'Teams.ManageChats': acsAdminOnly,
        'TeamsExtension.ManageCalls': acsAdminOnly,
      },
    },
    ownApi(fixture.apps.ccaasClient),
    {
      appId: COMMUNICATION_APP_ID,
      displayName: 'Azure Communication Services (data plane)',
      identifierUri: COMMUNICATION_URI,
      tokenVersion: 1,
      audience: COMMUNICATION_URI,
      signedNonceInHeader: false,
      // Who may do what is Azure RBAC on the resource (`acsRoleAssignments`), not permissions in the token.
      permissions: {},
    },
    // Each confidential client's own API, which the SPA gets user tokens for and the backend exchanges on-behalf-of.
    ...(fixture.confidentialApps ?? []).map(ownApi),
  ];
}

export interface ScopeRequest {
  /** OpenID Connect scopes asked for (openid, profile, offline_access, email). */
  oidc: string[];
  resource: Resource;
  /** Permission names on `resource`; `.default` is expanded by the caller against consent. */
  permissions: string[];
  wantsDefault: boolean;
}

export class ScopeError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits a space-separated scope string the way Entra does: OIDC scopes, then permissions that must all
 * belong to one resource. Bare names (`User.Read`) mean Microsoft Graph, as in Entra.
 */
export function parseScopes(fixture: Fixture, scope: string | undefined): ScopeRequest {
  const resources = knownResources(fixture);
  const words = (scope ?? '').split(/\s+/).filter(Boolean);
  const oidc = words.filter((w) => OIDC_SCOPES.has(w.toLowerCase()));
  const rest = words.filter((w) => !OIDC_SCOPES.has(w.toLowerCase()));
  let resource: Resource | undefined;
  const permissions: string[] = [];
  let wantsDefault = false;
  for (const word of rest) {
    const slash = word.lastIndexOf('/');
    const uri = slash > 0 ? word.slice(0, slash) : GRAPH_URI;
    const name = slash > 0 ? word.slice(slash + 1) : word;
    // `https://communication.azure.com//.default` (what the ACS SDKs ask) names the resource with its trailing slash.
    const bare = uri.replace(/\/+$/, '').toLowerCase();
    const found = resources.find((r) => r.identifierUri.toLowerCase() === bare || r.appId === bare);
    if (!found) {
      throw new ScopeError(500011, `The resource principal named ${uri} was not found in the tenant named ${fixture.tenant.displayName}.`);
    }
    if (resource && resource !== found) {
      throw new ScopeError(28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`);
    }
    resource = found;
    if (name === '.default') {
      wantsDefault = true;
      continue;
    }
    const permission = Object.keys(found.permissions).find((p) => p.toLowerCase() === name.toLowerCase());
    if (!permission) {
      throw new ScopeError(70011, `The provided value for the input parameter 'scope' is not valid. The scope ${word} does not exist on ${found.displayName}.`);
    }
    if (!permissions.includes(permission)) permissions.push(permission);
  }
  // With only OIDC scopes Entra issues a Graph token for User.Read.
  if (!resource) {
    resource = resources[0]!;
    permissions.push('User.Read');
  }
  return { oidc, resource, permissions, wantsDefault };
}

/**
 * The authorize endpoint, unlike the token endpoint, takes scopes of several resources at once (MSAL's
 * `extraScopesToConsent`): one consent prompt covers them all, and each token is redeemed for one resource.
 */
export function parseAuthorizeScopes(fixture: Fixture, scope: string | undefined): ScopeRequest[] {
  const words = (scope ?? '').split(/\s+/).filter(Boolean);
  const oidc = words.filter((w) => OIDC_SCOPES.has(w.toLowerCase()));
  const groups = new Map<string, string[]>();
  for (const word of words.filter((w) => !OIDC_SCOPES.has(w.toLowerCase()))) {
    const slash = word.lastIndexOf('/');
    const key = (slash > 0 ? word.slice(0, slash) : GRAPH_URI).toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), word]);
  }
  if (!groups.size) return [parseScopes(fixture, oidc.join(' '))];
  return [...groups.values()].map((group) => parseScopes(fixture, [...oidc, ...group].join(' ')));
}

export function fullScope(resource: Resource, permission: string): string {
  return `${resource.identifierUri}/${permission}`;
}

/** How the `scope` field of a token response names a permission: Graph's short, others' full. */
export function responseScope(resource: Resource, permission: string): string {
  return resource.appId === GRAPH_APP_ID ? permission : fullScope(resource, permission);
}
