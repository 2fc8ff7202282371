import type { DevTenantContext } from '../context.js';
import { isRegisteredRedirectUri } from '../redirect-uris.js';
import { findClient } from './clients.js';
import { EntraError } from './errors.js';

/** The query of `/{tenant}/oauth2/v2.0/authorize` (and of the admin-consent endpoint). */
export interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  response_type?: string;
  response_mode?: string;
  state?: string;
  nonce?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  prompt?: string;
  login_hint?: string;
}

/** An error Entra shows on its own page, because it cannot trust the redirect URI to carry it. */
export class PageError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`AADSTS${code}: ${message}`);
  }
}

const KEPT: (keyof AuthorizeParams)[] = [
  'client_id', 'redirect_uri', 'scope', 'response_type', 'response_mode', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt', 'login_hint',
];

export function pickParams(query: Record<string, unknown>): AuthorizeParams {
  const params: AuthorizeParams = {};
  for (const name of KEPT) if (typeof query[name] === 'string') params[name] = query[name] as string;
  return params;
}

/** Carries the original request through the sign-in form (not a secret: the same values were in the URL). */
export function encodeParams(params: AuthorizeParams): string {
  return Buffer.from(JSON.stringify(params)).toString('base64url');
}

export function decodeParams(value: unknown): AuthorizeParams {
  if (typeof value !== 'string') throw new PageError(900144, "The request body must contain the following parameter: 'request'.");
  try {
    return pickParams(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<string, unknown>);
  } catch {
    throw new PageError(900144, 'The sign-in form was tampered with. Start the sign-in again.');
  }
}

/** Checks what decides where errors may go: a known client and one of its registered redirect URIs. */
export function assertClientAndRedirect(ctx: DevTenantContext, params: AuthorizeParams, redirectRequired = true): void {
  if (!params.client_id) throw new PageError(900144, "The request body must contain the following parameter: 'client_id'.");
  const client = findClient(ctx, params.client_id);
  if (!client) {
    throw new PageError(700016, `Application with identifier '${params.client_id}' was not found in the directory '${ctx.fixture.tenant.displayName}'.`);
  }
  if (!params.redirect_uri && !redirectRequired) return;
  // Only the SPA registers redirect URIs; the test automation client has none, so none of its redirects match.
  if (client.platform !== 'spa' || !isRegisteredRedirectUri(ctx.fixture, params.redirect_uri)) {
    throw new PageError(
      50011,
      `The redirect URI '${params.redirect_uri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${client.appId}'.`,
    );
  }
}

/** Checks the rest of an authorize request; these errors go back to the app on its redirect URI. */
export function assertAuthorizeParams(params: AuthorizeParams): void {
  if (params.response_type !== 'code') {
    throw new EntraError('unsupported_response_type', 700054, `response_type '${params.response_type ?? ''}' is not enabled for the application.`);
  }
  if (params.response_mode && !['fragment', 'query'].includes(params.response_mode)) {
    throw new EntraError('invalid_request', 900144, `response_mode '${params.response_mode}' is not supported here; use fragment or query.`);
  }
  if (!params.code_challenge) {
    throw new EntraError('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
  }
  if (params.code_challenge_method !== 'S256') {
    throw new EntraError('invalid_request', 501491, "Invalid size of Code_Challenge parameter, or code_challenge_method is not 'S256'.");
  }
}

/** Sends the app the outcome on its redirect URI, in the fragment unless it asked for the query. */
export function redirectLocation(params: AuthorizeParams, fields: Record<string, string | undefined>, mode = params.response_mode ?? 'fragment'): string {
  const values = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...fields, state: params.state })) if (value !== undefined) values.set(name, value);
  const url = new URL(params.redirect_uri!);
  if (mode === 'query') {
    for (const [name, value] of values) url.searchParams.set(name, value);
    return url.href;
  }
  url.hash = values.toString();
  return url.href;
}

export function errorFields(error: EntraError, correlationId?: string): Record<string, string | undefined> {
  const body = error.body(correlationId);
  return {
    error: body.error,
    error_description: body.error_description,
    error_codes: String(error.code),
    suberror: error.suberror,
    error_uri: body.error_uri,
    trace_id: body.trace_id,
    correlation_id: body.correlation_id,
  };
}
