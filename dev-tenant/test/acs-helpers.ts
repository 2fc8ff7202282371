import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import { Ajv, type AnySchema } from 'ajv';
import { decodeJwt } from 'jose';
import { passwordToken, resetTenant, type DevTenant } from '../src/testing.js';

const SCHEMA_DIR = new URL('./schemas/', import.meta.url);
export type AcsSchema =
  | 'acs-access-token.json'
  | 'acs-access-token-result.json'
  | 'acs-teams-extension-assignment.json'
  | 'acs-teams-extension-exchange-result.json'
  | 'acs-error-response.json';

// RFC 3339 date-time, checked by shape and by Date.parse, so no extra format package is needed.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.startsWith('acs') && f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as AnySchema);
}

/** Fails with ajv's own words when `body` is not of the REST spec's shape `schema`. */
export function assertShape(schema: AcsSchema, body: unknown): void {
  const validate = ajv.getSchema(schema);
  assert.ok(validate, `schema ${schema} not loaded`);
  assert.ok(validate(body), `${schema}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`);
}

export function connectionString(tenant: DevTenant, accessKey = tenant.ctx.fixture.acs.accessKey): string {
  return `endpoint=${tenant.url}/;accesskey=${accessKey}`;
}

/** The real identity SDK, pointed at the dev tenant. */
export function identityClient(tenant: DevTenant, accessKey?: string): CommunicationIdentityClient {
  return new CommunicationIdentityClient(connectionString(tenant, accessKey), { allowInsecureConnection: true });
}

export interface SignedRequest {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/identities?api-version=2023-10-01`. */
  path: string;
  /** The body that is signed. */
  body?: string;
  /** The body that is sent instead, to model tampering in transit. */
  sendBody?: string;
  /** The path and query that are sent instead of the signed ones. */
  sendPath?: string;
  accessKey?: string;
  headers?: Record<string, string>;
}

/**
 * Signs with the SDK's own access-key policy (so the signature is exactly what the SDK would send), then
 * sends with fetch, which lets a test change what goes over the wire after signing.
 */
export async function signedFetch(tenant: DevTenant, request: SignedRequest): Promise<Response> {
  const url = `${tenant.url}${request.path}`;
  const policy = createCommunicationAccessKeyCredentialPolicy({ key: request.accessKey ?? tenant.ctx.fixture.acs.accessKey });
  const signed: Record<string, string> = {};
  const pipelineRequest = { method: request.method, url, body: request.body, headers: { set: (name: string, value: string) => (signed[name.toLowerCase()] = value) } };
  await policy.sendRequest(pipelineRequest as unknown as Parameters<typeof policy.sendRequest>[0], async () => ({}) as never);
  delete signed.host; // fetch sends the same host itself and refuses to be told
  const body = request.sendBody ?? request.body;
  return fetch(`${tenant.url}${request.sendPath ?? request.path}`, {
    method: request.method,
    headers: { ...signed, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body,
  });
}

export interface AcsErrorBody {
  error: { code: string; message: string; innererror?: { code: string; message: string } };
}

/**
 * Checks status, ACS error shape, code and the exact reason: the inner error's code where the code is a
 * generic one of real ACS (`Denied`, `InvalidAccessToken`), else the code itself. Returns the body.
 */
export async function assertAcsError(response: Response, status: number, code: string, reason = code): Promise<AcsErrorBody> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as AcsErrorBody;
  assertShape('acs-error-response.json', body);
  assert.equal(body.error.code, code, text);
  assert.equal(body.error.innererror?.code ?? body.error.code, reason, text);
  return body;
}

/** The same checks for an error the identity SDK threw (a RestError that carries the raw response). */
export function assertSdkError(error: unknown, status: number, code: string, reason = code): AcsErrorBody {
  const restError = error as { statusCode?: number; code?: string; response?: { bodyAsText?: string } };
  assert.equal(restError.statusCode, status, String(error));
  assert.equal(restError.code, code, String(error));
  const body = JSON.parse(restError.response?.bodyAsText ?? 'null') as AcsErrorBody;
  assertShape('acs-error-response.json', body);
  assert.equal(body.error.innererror?.code ?? body.error.code, reason, restError.response?.bodyAsText);
  return body;
}

export async function entraAccessToken(tenant: DevTenant, upn: string, scope: string): Promise<string> {
  return (await passwordToken(tenant, upn, scope)).access_token;
}

export function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token);
}

/**
 * Tenant-wide consent for just `scopes` (after a reset). Entra puts every consented permission of a
 * resource into its tokens, so a token that lacks a permission needs a tenant that never granted it.
 */
export async function consentOnly(tenant: DevTenant, scopes: string[]): Promise<void> {
  await resetTenant(tenant);
  const response = await fetch(`${tenant.url}/.dev/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes }),
  });
  assert.equal(response.status, 204, await response.text());
}
