import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { tenantOfToken } from '../tenants.js';
import { HttpError } from '../errors.js';
import type { FixtureUser } from '../fixture.js';
import { authenticate } from './auth.js';
import { listDirectoryObjects, type DirectoryType } from './directory-list.js';
import { contextUrl, parseSelect, project, readQueryOptions, type GraphVersion } from './odata.js';
import type { SkipTokens } from './skiptoken.js';

/** Graph's default user properties: what `/me` and `/users` return without `$select`. */
export interface GraphUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  mobilePhone: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
  businessPhones: string[];
}

export const USER_TYPE: DirectoryType<GraphUser> = {
  typeName: 'microsoft.graph.user',
  properties: ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'],
  search: [
    { name: 'displayName', tokenized: true, value: (u) => u.displayName },
    { name: 'givenName', tokenized: false, value: (u) => u.givenName },
    { name: 'surname', tokenized: false, value: (u) => u.surname },
    { name: 'mail', tokenized: false, value: (u) => u.mail },
    { name: 'userPrincipalName', tokenized: false, value: (u) => u.userPrincipalName },
  ],
};

/** Permissions that let the signed-in user read their own profile. */
const READ_ME = ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'];
/** Permissions that let the signed-in user list and search other users. */
const READ_USERS = ['User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'];

/**
 * A fixture user as Graph shows it. The fixture has no name parts or mailbox, so the given name is the
 * first word of the display name and the mail address is the UPN, as for a licensed cloud user.
 * Passwords and roles never leave the fixture.
 */
export function graphUser(user: FixtureUser): GraphUser {
  const space = user.displayName.indexOf(' ');
  return {
    id: user.id,
    displayName: user.displayName,
    givenName: space > 0 ? user.displayName.slice(0, space) : user.displayName,
    surname: space > 0 ? user.displayName.slice(space + 1) : null,
    userPrincipalName: user.userPrincipalName,
    mail: user.userPrincipalName,
    jobTitle: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    businessPhones: [],
  };
}

export function registerUsers(graph: FastifyInstance, ctx: DevTenantContext, version: GraphVersion, skipTokens: SkipTokens): void {
  graph.get(`/${version}/me`, async (request, reply) => {
    const claims = await authenticate(ctx, request, reply, { anyOf: READ_ME });
    const options = readQueryOptions(request.query, ['$select']);
    const select = parseSelect(options.get('$select'), USER_TYPE.properties, USER_TYPE.typeName);
    const user = tenantOfToken(ctx, claims).users.find((u) => u.id === claims.oid);
    if (!user) {
      throw new HttpError(404, 'Request_ResourceNotFound', `Resource '${claims.oid}' does not exist or one of its queried reference-property objects are not present.`);
    }
    return { '@odata.context': contextUrl(ctx, version, 'users/$entity', select), ...project(graphUser(user), select) };
  });

  graph.get(`/${version}/users`, async (request, reply) => {
    const claims = await authenticate(ctx, request, reply, { anyOf: READ_USERS });
    return listDirectoryObjects(ctx, skipTokens, request, version, USER_TYPE, tenantOfToken(ctx, claims).users.map(graphUser), {
      collection: 'users',
      contextFragment: 'users',
    });
  });
}
