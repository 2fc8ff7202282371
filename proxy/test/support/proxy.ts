import { after, afterEach, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { loadConfig } from '../../src/config.js';
import { buildProxy, startProxy, type ProxyOptions, type TokenProxy } from '../../src/server.js';
import { consentTenantWide, passwordToken, startTestTenant, type DevTenant } from '@tpe-elements/dev-tenant/testing';

export type { TokenProxy };
/** The proxy built but not listening: requests reach it through `inject()`, no socket. */
export type ProxyApp = FastifyInstance;
export type ProxyEnv = Record<string, string>;

export const ALLOWED_ORIGIN = 'http://localhost:5173';
export const GOOD_RA = 'f8b63395-8661-410a-b058-401f375f1a70';
export const UNBOUND_RA = '1fe59097-2104-4112-9d39-47822ead16b8';
export const OTHER_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** The proxy's environment for the dev tenant as Entra and as ACS; `overrides` win. */
export function devTenantEnv(tenant: DevTenant, overrides: ProxyEnv = {}): ProxyEnv {
  const { fixture } = tenant.ctx;
  return {
    ACS_CONNECTION_STRING: `endpoint=${tenant.url}/;accesskey=${fixture.acs.accessKey}`,
    ACS_RESOURCE_ID: fixture.acs.immutableResourceId,
    ENTRA_CLIENT_ID: fixture.apps.ccaasClient.appId,
    // The tests' tokens come from the password grant, which only the test automation registration allows.
    ENTRA_ALLOWED_CLIENT_IDS: `${fixture.apps.ccaasClient.appId},${fixture.apps.testAutomation.appId}`,
    ENTRA_ALLOWED_TENANTS: fixture.tenant.id,
    ENTRA_AUTHORITY_HOST: tenant.url,
    ENTRA_DISCOVERY_URL: `${tenant.url}/${fixture.tenant.id}/v2.0/.well-known/openid-configuration`,
    PORT: '0',
    CORS_ORIGINS: ALLOWED_ORIGIN,
    ...overrides,
  };
}

/** Builds the proxy in-process without a socket, silent unless given a log stream; close it with `close()`. */
export async function buildTestProxy(tenant: DevTenant, overrides: ProxyEnv = {}, options: ProxyOptions = { logger: false }): Promise<ProxyApp> {
  return buildProxy(loadConfig(devTenantEnv(tenant, overrides)), options);
}

/** Starts the proxy in-process on a free loopback port, for tests about the connection itself. */
export async function startTestProxy(tenant: DevTenant, overrides: ProxyEnv = {}, options: ProxyOptions = { logger: false }): Promise<TokenProxy> {
  return startProxy(loadConfig(devTenantEnv(tenant, overrides)), options);
}

/** Scope of a token for the proxy's own API (the assignment endpoints and `/api/me/assignment`). */
export function proxyApiScope(tenant: DevTenant): string {
  return `api://${tenant.ctx.fixture.apps.ccaasClient.appId}/access_as_user`;
}

/** A fresh Entra access token of a fixture user, after tenant-wide consent. */
export async function entraToken(tenant: DevTenant, upn: string, scope: string): Promise<string> {
  await consentTenantWide(tenant);
  return (await passwordToken(tenant, upn, scope)).access_token;
}

export interface ProxyAnswer {
  status: number;
  headers: Headers;
  /** The body as sent. */
  text: string;
  /** Parsed JSON, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read the fields they need
}

export interface CallOptions {
  method?: string;
  token?: string;
  /** An object is sent as JSON; a string is sent as is (with `content-type` from `headers`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** The caller's address (a second client machine); only without a socket, where `inject()` can say so. */
  from?: string;
}

/**
 * One request to the proxy, as a browser page would send it: through `inject()` to a built app, or over HTTP
 * to a listening proxy.
 */
export async function callProxy(proxy: ProxyApp | TokenProxy, path: string, options: CallOptions = {}): Promise<ProxyAnswer> {
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const method = (options.method ?? 'GET') as 'GET';
  if ('url' in proxy) {
    if (options.from) throw new Error('callProxy: `from` needs a built app; over a socket use statusFrom()');
    const response = await fetch(`${proxy.url}${path}`, { method, headers: { ...headers, ...options.headers }, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
  }
  const response = await proxy.inject({ method, url: path, headers: { ...headers, ...options.headers }, payload: body, ...(options.from ? { remoteAddress: options.from } : {}) });
  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) answerHeaders.append(name, String(one));
  }
  return { status: response.statusCode, headers: answerHeaders, text: response.body, body: response.body ? JSON.parse(response.body) : undefined };
}

export function assignmentPath(tenantId: string, objectId: string): string {
  return `/api/tenants/${tenantId}/assignments/${objectId}`;
}

/** Signs `claims` exactly as given with the dev tenant's own key and kid: valid except where a test changed them. */
export function signAsTenant(tenant: DevTenant, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: tenant.ctx.key.kid }).sign(tenant.ctx.key.privateKey);
}

/** A real token's claims with some replaced (or removed, with `undefined`), re-signed by the tenant. */
export function alteredToken(tenant: DevTenant, real: string, changes: JWTPayload): Promise<string> {
  const claims: JWTPayload = { ...decodeJwt(real), ...changes };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return signAsTenant(tenant, claims);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * For a describe block: one dev tenant for the whole block, and the proxies a test starts, each closed after
 * that test (`closeAfterTest`), so a failing test leaves nothing listening for the next.
 */
export function useOneTenant() {
  let tenant: DevTenant | undefined;
  const open: Array<{ close(): Promise<unknown> }> = [];
  before(async () => {
    tenant = await startTestTenant();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((proxy) => proxy.close()));
  });
  after(() => tenant?.close());
  return {
    get tenant(): DevTenant {
      return tenant!;
    },
    closeAfterTest<T extends { close(): Promise<unknown> }>(proxy: T): T {
      open.push(proxy);
      return proxy;
    },
  };
}
