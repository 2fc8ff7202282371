import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import type { QueryOptions } from './odata.js';
import type { PagedQuery, SkipTokens } from './skiptoken.js';

export const DEFAULT_PAGE_SIZE = 100;

export interface CollectionBody<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  value: T[];
  '@odata.nextLink'?: string;
}

export interface PageInput<T> {
  ctx: DevTenantContext;
  request: FastifyRequest;
  skipTokens: SkipTokens;
  query: PagedQuery;
  options: QueryOptions;
  /** Every matching item, in a stable order: paging by offset then returns each exactly once. */
  items: T[];
  top: number;
  context: string;
  withCount: boolean;
}

/** One page of a collection, with an `@odata.nextLink` that repeats the query and carries the position. */
export function pageOf<T>(input: PageInput<T>): CollectionBody<T> {
  const { items, top, options } = input;
  const skiptoken = options.get('$skiptoken');
  const offset = skiptoken === undefined ? 0 : Math.min(input.skipTokens.read(skiptoken, input.query), items.length);
  const body: CollectionBody<T> = {
    '@odata.context': input.context,
    ...(input.withCount ? { '@odata.count': items.length } : {}),
    value: items.slice(offset, offset + top),
  };
  const next = offset + top;
  if (next < items.length) body['@odata.nextLink'] = nextLink(input, input.skipTokens.issue(input.query, next));
  return body;
}

function nextLink(input: PageInput<unknown>, skiptoken: string): string {
  const path = input.request.url.split('?')[0]!;
  const params = [...input.options].filter(([name]) => name !== '$skiptoken');
  params.push(['$skiptoken', skiptoken]);
  const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `${input.ctx.baseUrl()}${path}?${query}`;
}
