import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { tenantOfToken } from '../tenants.js';
import { HttpError } from '../errors.js';
import type { FixtureDirectory, FixtureGroup, FixtureUser } from '../fixture.js';
import { authenticate } from './auth.js';
import { listDirectoryObjects, type DirectoryType } from './directory-list.js';
import { GUID, quoted, type GraphVersion } from './odata.js';
import type { SkipTokens } from './skiptoken.js';
import { graphUser, USER_TYPE } from './users.js';

export interface GraphGroup {
  id: string;
  displayName: string;
  description: string | null;
  groupTypes: string[];
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  visibility: string | null;
}

const GROUP_TYPE: DirectoryType<GraphGroup> = {
  typeName: 'microsoft.graph.group',
  properties: ['description', 'displayName', 'groupTypes', 'id', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled', 'visibility'],
  search: [
    { name: 'displayName', tokenized: true, value: (g) => g.displayName },
    { name: 'description', tokenized: true, value: (g) => g.description },
    { name: 'mailNickname', tokenized: false, value: (g) => g.mailNickname },
  ],
};

const READ_GROUPS = ['Group.Read.All', 'GroupMember.Read.All', 'Directory.Read.All'];

/** Fixture groups are plain security groups (agents' teams): no mailbox, no Microsoft 365 group type. */
function graphGroup(group: FixtureGroup): GraphGroup {
  return {
    id: group.id,
    displayName: group.displayName,
    description: null,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: group.displayName.replace(/[^A-Za-z0-9]/g, '') || group.id,
    securityEnabled: true,
    visibility: null,
  };
}

function findGroup(directory: FixtureDirectory, id: string): FixtureGroup {
  if (!GUID.test(id)) throw new HttpError(400, 'Request_BadRequest', `Invalid object identifier ${quoted(id)}.`);
  const group = directory.groups.find((g) => g.id === id.toLowerCase());
  if (!group) {
    throw new HttpError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return group;
}

export function registerGroups(graph: FastifyInstance, ctx: DevTenantContext, version: GraphVersion, skipTokens: SkipTokens): void {
  graph.get(`/${version}/groups`, async (request, reply) => {
    const claims = await authenticate(ctx, request, reply, { anyOf: READ_GROUPS });
    return listDirectoryObjects(ctx, skipTokens, request, version, GROUP_TYPE, tenantOfToken(ctx, claims).groups.map(graphGroup), {
      collection: 'groups',
      contextFragment: 'groups',
    });
  });

  graph.get<{ Params: { id: string } }>(`/${version}/groups/:id/members`, async (request, reply) => {
    const directory = tenantOfToken(ctx, await authenticate(ctx, request, reply, { anyOf: READ_GROUPS }));
    const group = findGroup(directory, request.params.id);
    const members = group.members.map((id) => directory.users.find((u) => u.id === id)).filter((u): u is FixtureUser => u !== undefined);
    return listDirectoryObjects(ctx, skipTokens, request, version, USER_TYPE, members.map(graphUser), {
      collection: `groups/${group.id}/members`,
      contextFragment: 'directoryObjects',
      odataType: '#microsoft.graph.user',
    });
  });
}
