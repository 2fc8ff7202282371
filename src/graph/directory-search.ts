import { graphGet } from './graph-get.js';

export interface DirectoryUser {
  kind: 'user';
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface DirectoryGroup {
  kind: 'group';
  id: string;
  displayName: string;
}

const EVENTUAL = Object.freeze({ ConsistencyLevel: 'eventual' });

/** Graph's `$search` wants double quotes around each clause; a quote inside the term is escaped. */
function clause(property: string, term: string): string {
  return `"${property}:${term.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Users and groups whose names start with `term`, for an administrator picking agents. */
export async function searchDirectory(graphBaseUrl: string, accessToken: string, term: string, signal?: AbortSignal): Promise<(DirectoryUser | DirectoryGroup)[]> {
  const trimmed = term.trim();
  if (!trimmed) return [];
  const users = new URL('/v1.0/users', graphBaseUrl);
  users.searchParams.set('$search', `${clause('displayName', trimmed)} OR ${clause('userPrincipalName', trimmed)}`);
  users.searchParams.set('$select', 'id,displayName,userPrincipalName');
  users.searchParams.set('$top', '25');
  const groups = new URL('/v1.0/groups', graphBaseUrl);
  groups.searchParams.set('$search', clause('displayName', trimmed));
  groups.searchParams.set('$select', 'id,displayName');
  groups.searchParams.set('$top', '10');
  const [foundUsers, foundGroups] = await Promise.all([
    graphGet<{ value: Omit<DirectoryUser, 'kind'>[] }>(users.href, accessToken, signal, EVENTUAL),
    graphGet<{ value: Omit<DirectoryGroup, 'kind'>[] }>(groups.href, accessToken, signal, EVENTUAL),
  ]);
  return [...foundGroups.value.map((g) => ({ ...g, kind: 'group' as const })), ...foundUsers.value.map((u) => ({ ...u, kind: 'user' as const }))];
}

/** Every user in a group, following Graph's paging. */
export async function groupMembers(graphBaseUrl: string, accessToken: string, groupId: string, signal?: AbortSignal): Promise<DirectoryUser[]> {
  const members: DirectoryUser[] = [];
  let next: string | undefined = new URL(`/v1.0/groups/${encodeURIComponent(groupId)}/members?$select=id,displayName,userPrincipalName`, graphBaseUrl).href;
  while (next) {
    const page: { value: (Omit<DirectoryUser, 'kind'> & { '@odata.type'?: string })[]; '@odata.nextLink'?: string } = await graphGet(next, accessToken, signal);
    for (const m of page.value) if (!m['@odata.type'] || m['@odata.type'] === '#microsoft.graph.user') members.push({ kind: 'user', id: m.id, displayName: m.displayName, userPrincipalName: m.userPrincipalName });
    next = page['@odata.nextLink'];
  }
  return members;
}
