import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import type { DevTenant } from '../src/testing.js';
import common from './schemas/graph-common.json' with { type: 'json' };
import error from './schemas/graph-error.json' with { type: 'json' };
import groupCollection from './schemas/graph-group-collection.json' with { type: 'json' };
import groupMemberCollection from './schemas/graph-group-member-collection.json' with { type: 'json' };
import organizationCollection from './schemas/graph-organization-collection.json' with { type: 'json' };
import resourceAccountCollection from './schemas/graph-resource-account-collection.json' with { type: 'json' };
import user from './schemas/graph-user.json' with { type: 'json' };
import userCollection from './schemas/graph-user-collection.json' with { type: 'json' };

const SCHEMAS = {
  error,
  groupCollection,
  groupMemberCollection,
  organizationCollection,
  resourceAccountCollection,
  user,
  userCollection,
};

const ajv = new Ajv({ allErrors: true, schemas: [common, ...Object.values(SCHEMAS)] });

/** Fails with every schema violation listed, so a shape regression reads as one message. */
export function assertMatchesSchema(name: keyof typeof SCHEMAS, body: unknown): void {
  const validate = ajv.getSchema(SCHEMAS[name].$id)!;
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('\n  ');
    assert.fail(`response does not match ${name}:\n  ${problems}\n${JSON.stringify(body, null, 2)}`);
  }
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  text: string;
  // Tests read whatever Graph sent; the schemas check its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A GET to the dev tenant's Graph, by path (`/v1.0/me`) or by an absolute `@odata.nextLink`. */
export async function graphGet(tenant: DevTenant, pathOrUrl: string, token?: string, headers: Record<string, string> = {}): Promise<GraphResponse> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${tenant.url}${pathOrUrl}`;
  const response = await fetch(url, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** Asserts a Graph error: status, code, the well-formed body, and a message that names the problem. */
export function assertGraphError(response: GraphResponse, status: number, code: string, messagePart?: RegExp): void {
  assert.equal(response.status, status, response.text);
  assertMatchesSchema('error', response.body);
  assert.equal(response.body.error.code, code, response.body.error.message);
  if (messagePart) assert.match(response.body.error.message, messagePart);
}

/** Follows `@odata.nextLink` to the end, returning every page; fails on a link that leaves the dev tenant. */
export async function allPages(tenant: DevTenant, path: string, token: string, headers: Record<string, string> = {}): Promise<GraphResponse[]> {
  const pages: GraphResponse[] = [];
  let next: string | undefined = path;
  while (next) {
    assert.ok(pages.length < 100, 'paging does not end');
    const page = await graphGet(tenant, next, token, headers);
    assert.equal(page.status, 200, page.text);
    pages.push(page);
    next = page.body['@odata.nextLink'];
    if (next) assert.ok(next.startsWith(`${tenant.url}/`), `nextLink ${next} leaves the dev tenant`);
  }
  return pages;
}

export function ids(pages: GraphResponse[]): string[] {
  return pages.flatMap((p) => p.body.value.map((item: { id: string }) => item.id));
}
