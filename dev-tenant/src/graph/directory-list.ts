import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { contextUrl, parseCount, parseSelect, parseTop, project, readQueryOptions, requireEventualConsistency, type GraphVersion } from './odata.js';
import { DEFAULT_PAGE_SIZE, pageOf, type CollectionBody } from './paging.js';
import { parseSearch, type SearchableProperty } from './search.js';
import type { SkipTokens } from './skiptoken.js';

/** How one directory object type (user, group) is listed: its OData type, `$select`able and `$search`able properties. */
export interface DirectoryType<T extends object> {
  typeName: string;
  properties: readonly string[];
  search: SearchableProperty<T>[];
}

export interface ListTarget {
  /** Names the collection in `$skiptoken`s, e.g. `groups/<id>/members`. */
  collection: string;
  /** The `@odata.context` fragment, e.g. `users` or `directoryObjects`. */
  contextFragment: string;
  /** Set on mixed collections (group members), where Graph names each item's type. */
  odataType?: string;
}

/** A directory collection with Graph's advanced query options: `$search`, `$select`, `$top`, `$count`, paging. */
export function listDirectoryObjects<T extends object>(
  ctx: DevTenantContext,
  skipTokens: SkipTokens,
  request: FastifyRequest,
  version: GraphVersion,
  type: DirectoryType<T>,
  items: T[],
  target: ListTarget,
): CollectionBody<Partial<T>> {
  const options = readQueryOptions(request.query, ['$search', '$select', '$top', '$skiptoken', '$count']);
  const rawSearch = options.get('$search');
  const withCount = parseCount(options.get('$count'));
  if (rawSearch !== undefined) requireEventualConsistency(request, '$search');
  if (withCount) requireEventualConsistency(request, '$count');
  const search = rawSearch === undefined ? undefined : parseSearch(rawSearch, type.search, type.typeName);
  const select = parseSelect(options.get('$select'), type.properties, type.typeName);
  const top = parseTop(options.get('$top'), DEFAULT_PAGE_SIZE);
  const annotation = target.odataType ? { '@odata.type': target.odataType } : {};
  return pageOf({
    ctx,
    request,
    skipTokens,
    query: { collection: target.collection, criteria: search ? `$search=${search.canonical}` : '' },
    options,
    items: items.filter((item) => !search || search.matches(item)).map((item) => project({ ...annotation, ...item }, select)),
    top,
    context: contextUrl(ctx, version, target.contextFragment, select),
    withCount,
  });
}
