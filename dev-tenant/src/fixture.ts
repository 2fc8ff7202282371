import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import fixtureSchema from '../fixture.schema.json' with { type: 'json' };

/** Directory roles the dev tenant knows, with the `wids` template ids Entra puts in tokens. */
export const ROLE_TEMPLATE_IDS = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  TeamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  ApplicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  CloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
} as const;
/** Every member user carries this `wids` entry in real Entra tokens. */
export const MEMBER_USER_ROLE_ID = 'b79fbf4d-3ef9-4689-8143-76b194e85509';

export type RoleName = keyof typeof ROLE_TEMPLATE_IDS;

export interface FixtureUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  password: string;
  roles: RoleName[];
  teamsLicense: boolean;
}

export interface FixtureGroup {
  id: string;
  displayName: string;
  members: string[];
}

export interface FixtureResourceAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
  phoneNumber: string;
  appId: string;
  acsResourceId: string | null;
}

/**
 * A confidential client: an app registration with a client secret (a vendor's backend, msal-node's
 * ConfidentialClientApplication). It gets app-only tokens (client credentials) and, for its users, tokens to
 * downstream APIs (on-behalf-of). Its secret lives here only: never logged, never published.
 */
export interface FixtureConfidentialApp {
  appId: string;
  displayName: string;
  /** The object id of its service principal in this tenant: the `oid` and `sub` of its app-only tokens. */
  servicePrincipalId: string;
  clientSecret: string;
  /** The API it exposes (`access_as_user`), which a user's token must be for to be exchanged on-behalf-of. */
  identifierUri: string;
  accessTokenAcceptedVersion?: 1 | 2;
  /** Delegated permissions it asks for (full scopes); admin consent grants these, as for the SPA. */
  requiredScopes: string[];
  /** Application permissions (app roles, full scopes) an administrator granted: the `roles` of its app-only tokens. */
  applicationPermissions: string[];
}

/** An Azure role assignment on the ACS resource: who may call its identity plane with an Entra token. */
export interface FixtureAcsRoleAssignment {
  principalId: string;
  roleDefinitionName: string;
}

export interface FixtureTenant {
  id: string;
  displayName: string;
  domain: string;
  /** False models a tenant where the ACS first-party app has no service principal. */
  acsServicePrincipalInstalled: boolean;
  /** True models a tenant policy that makes the ACS delegated permissions admin-consent only. */
  acsPermissionsRequireAdminConsent: boolean;
}

/** One tenant's directory: who signs in there, its groups and its Teams resource accounts. */
export interface FixtureDirectory {
  tenant: FixtureTenant;
  users: FixtureUser[];
  groups: FixtureGroup[];
  resourceAccounts: FixtureResourceAccount[];
}

/**
 * The top-level tenant (the first customer, whose ids every older test and script uses) plus `otherTenants`:
 * the CCaaS vendor's home tenant and further customers. The apps and the ACS resource are the vendor's and
 * serve every tenant.
 */
export interface Fixture extends FixtureDirectory {
  otherTenants?: FixtureDirectory[];
  apps: {
    /** The tenant that owns the registrations; absent means the top-level tenant. */
    homeTenantId?: string;
    ccaasClient: {
      appId: string;
      displayName: string;
      identifierUri: string;
      redirectUris: string[];
      requiredScopes: string[];
      /** The manifest's `accessTokenAcceptedVersion` for this app's API; absent means 1, as Entra's null does. */
      accessTokenAcceptedVersion?: 1 | 2;
    };
    /** Public client flows on: the password grant for test automation, which the SPA registration refuses. */
    testAutomation: { appId: string; displayName: string; requiredScopes: string[] };
    ccaasBot: { appId: string; displayName: string };
  };
  /** `homeTenantId`: the tenant whose subscription holds the resource; absent means the top-level tenant. */
  acs: { immutableResourceId: string; accessKey: string; location: string; homeTenantId?: string };
  lifetimes: {
    entraAccessTokenSeconds: number;
    refreshTokenSeconds: number;
    acsTokenSeconds: number;
  };
  confidentialApps?: FixtureConfidentialApp[];
  acsRoleAssignments?: FixtureAcsRoleAssignment[];
}

export const DEFAULT_FIXTURE_PATH = fileURLToPath(new URL('../fixtures/contoso.json', import.meta.url));

const validate = new Ajv({ allErrors: true }).compile<Fixture>(fixtureSchema);

/** Checks a parsed fixture against the schema and cross-references, throwing one readable error. */
export function assertFixture(value: unknown, source = 'fixture'): Fixture {
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new Error(`${source} is not a valid dev-tenant fixture:\n  ${problems.join('\n  ')}`);
  }
  const directories = [value, ...(value.otherTenants ?? [])];
  for (const directory of directories) {
    // A group's members are users of its own tenant: guests are not modelled.
    const userIds = new Set(directory.users.map((u) => u.id));
    for (const group of directory.groups) {
      const unknown = group.members.filter((m) => !userIds.has(m));
      if (unknown.length) throw new Error(`${source}: group ${group.displayName} lists unknown members ${unknown.join(', ')}`);
    }
  }
  // Object ids and sign-in names are unique across tenants, as in Entra: a user is found without knowing their tenant.
  const unique = (what: string, values: string[]) => {
    if (new Set(values).size !== values.length) throw new Error(`${source}: two ${what}`);
  };
  unique('tenants share an id', directories.map((d) => d.tenant.id.toLowerCase()));
  unique('tenants share a domain', directories.map((d) => d.tenant.domain.toLowerCase()));
  unique('users share a userPrincipalName', directories.flatMap((d) => d.users.map((u) => u.userPrincipalName.toLowerCase())));
  unique('objects share an id', directories.flatMap((d) => [...d.users, ...d.groups, ...d.resourceAccounts].map((o) => o.id.toLowerCase())));
  const tenantIds = new Set(directories.map((d) => d.tenant.id.toLowerCase()));
  for (const [what, id] of [['apps.homeTenantId', value.apps.homeTenantId], ['acs.homeTenantId', value.acs.homeTenantId]] as const) {
    if (id && !tenantIds.has(id.toLowerCase())) throw new Error(`${source}: ${what} ${id} is none of the fixture's tenants`);
  }
  return value;
}

export async function loadFixture(path = DEFAULT_FIXTURE_PATH): Promise<Fixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read fixture ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`fixture ${path} is not JSON: ${(error as Error).message}`);
  }
  return assertFixture(parsed, path);
}
