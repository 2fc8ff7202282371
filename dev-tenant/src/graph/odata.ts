import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { HttpError } from '../errors.js';

export type GraphVersion = 'v1.0' | 'beta';
export const GRAPH_VERSIONS: readonly GraphVersion[] = ['v1.0', 'beta'];

/** The system query options ($filter, $top ...) of one request, names lower-cased, each given once. */
export type QueryOptions = Map<string, string>;

export const MAX_PAGE_SIZE = 999;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Echoes client input in an error message without letting a huge value swamp it. */
export function quoted(value: string): string {
  return `'${value.length > 80 ? `${value.slice(0, 80)}…` : value}'`;
}

/**
 * Reads the `$`-prefixed options the endpoint supports. Graph ignores other parameters but rejects a
 * system option it does not know, and OData forbids giving one twice.
 */
export function readQueryOptions(query: unknown, supported: readonly string[]): QueryOptions {
  const options: QueryOptions = new Map();
  for (const [rawName, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!rawName.startsWith('$')) continue;
    const name = rawName.toLowerCase();
    if (!supported.includes(name)) {
      const list = supported.length ? ` This endpoint supports ${supported.join(', ')}.` : ' This endpoint supports none.';
      throw new HttpError(400, 'BadRequest', `The query parameter ${quoted(rawName)} is not supported.${list}`);
    }
    if (Array.isArray(value) || options.has(name)) {
      throw new HttpError(400, 'BadRequest', `Query option ${quoted(name)} was specified more than once, but it must be specified at most once.`);
    }
    options.set(name, String(value));
  }
  return options;
}

/** `$top`: a whole number from 1 to 999, as Graph's directory endpoints allow. */
export function parseTop(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) {
    throw new HttpError(400, 'BadRequest', `Invalid value ${quoted(value)} for $top query option found. The $top query option requires a non-negative integer value.`);
  }
  const top = Number(value);
  if (top < 1 || top > MAX_PAGE_SIZE) {
    throw new HttpError(400, 'Request_UnsupportedQuery', `Invalid page size specified: ${quoted(value)}. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  }
  return top;
}

/** `$select`: known property names, matched case-insensitively and returned as Graph spells them. */
export function parseSelect(value: string | undefined, properties: readonly string[], typeName: string): string[] | undefined {
  if (value === undefined) return undefined;
  const selected: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    const property = properties.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!property) {
      const what = name ? `Could not find a property named ${quoted(name)} on type '${typeName}'.` : 'A property name is empty.';
      throw new HttpError(400, 'BadRequest', `Parsing OData Select and Expand failed: ${what}`);
    }
    if (!selected.includes(property)) selected.push(property);
  }
  return selected;
}

/** Keeps only the `$select`ed properties, in the order they were asked for; `@odata.*` annotations stay. */
export function project<T extends object>(entity: T, select: string[] | undefined): Partial<T> {
  if (!select) return entity;
  const source = entity as Record<string, unknown>;
  const annotations = Object.keys(source).filter((k) => k.startsWith('@odata.'));
  return Object.fromEntries([...annotations, ...select].map((k) => [k, source[k]])) as Partial<T>;
}

export function parseCount(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new HttpError(400, 'BadRequest', `Invalid value ${quoted(value)} for $count query option found. Use true or false.`);
}

/** Directory `$search` and `$count` only run on Graph's advanced query engine, which this header selects. */
export function requireEventualConsistency(request: FastifyRequest, option: '$search' | '$count'): void {
  const header = request.headers.consistencylevel;
  if (typeof header === 'string' && header.trim().toLowerCase() === 'eventual') return;
  throw new HttpError(
    400,
    'Request_UnsupportedQuery',
    `Request with ${option} query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'`,
  );
}

/** `@odata.context`: where the OData metadata describes this payload, e.g. `#users/$entity`. */
export function contextUrl(ctx: DevTenantContext, version: GraphVersion, fragment: string, select?: string[]): string {
  const [set, ...rest] = fragment.split('/');
  const selection = select ? `(${select.join(',')})` : '';
  return `${ctx.baseUrl()}/${version}/$metadata#${set}${selection}${rest.length ? `/${rest.join('/')}` : ''}`;
}
