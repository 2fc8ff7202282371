import { parseRetryAfter } from '../retry-after.js';
import { tpeError } from '../messages/error-words.js';
import { errorsSignInEn } from '../messages/errors.sign-in.en.js';
import { TpeError } from '../tpe-error.js';

/** What the token proxy's `GET /api/config` tells a page. */
export interface ProxyPublicConfig {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  authorityMetadata?: string;
  acs: { endpoint: string; immutableResourceId: string };
  ccaasBotAppId: string | null;
  graphBaseUrl: string;
  /** `simulator` when the proxy serves a dev tenant: calls then run on its calling service. */
  calling?: 'sdk' | 'simulator';
  scopes: { teamsPersona: string[]; ccaasPersona: string[]; proxy: string[]; graphResourceAccounts: string[] };
}

export interface Assignment {
  objectId: string;
  tenantId: string;
  principalType: string;
  clientIds?: string[];
}

/** The most object ids the proxy reads in one `getAssignments` request. */
export const ASSIGNMENT_LOOKUP_MAX = 50;

export class ProxyError extends TpeError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    remedy: string,
    retryAfterSeconds?: number,
  ) {
    super(code, message, remedy, 'proxy', retryAfterSeconds);
  }
}

/** Talks to the vendor's token proxy; every call takes the caller's AbortSignal down to fetch. */
export class ProxyClient {
  readonly #base: string;

  constructor(proxyUrl: string) {
    this.#base = proxyUrl.replace(/\/+$/, '');
  }

  /** The proxy's URL as requests use it (no trailing slash): two clients with the same one talk to the same proxy. */
  get baseUrl(): string {
    return this.#base;
  }

  config(signal?: AbortSignal): Promise<ProxyPublicConfig> {
    return this.#send('GET', '/api/config', { signal });
  }

  myAssignment(token: string, signal?: AbortSignal): Promise<{ assigned: boolean; clientAllowed: boolean; assignment: Assignment | null }> {
    return this.#send('GET', '/api/me/assignment', { token, signal });
  }

  async getAssignment(tenantId: string, objectId: string, token: string, signal?: AbortSignal): Promise<Assignment | null> {
    try {
      return await this.#send<Assignment>('GET', this.#assignmentPath(tenantId, objectId), { token, signal });
    } catch (error) {
      if (error instanceof ProxyError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Many assignments at once, `null` where there is none: the proxy reads at most ASSIGNMENT_LOOKUP_MAX ids per
   * request, so a longer list goes in several (side by side). Asking for nothing asks the proxy nothing.
   */
  async getAssignments(tenantId: string, objectIds: readonly string[], token: string, signal?: AbortSignal): Promise<Map<string, Assignment | null>> {
    const unique = [...new Set(objectIds)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += ASSIGNMENT_LOOKUP_MAX) chunks.push(unique.slice(i, i + ASSIGNMENT_LOOKUP_MAX));
    const answers = await Promise.all(
      chunks.map((ids) =>
        this.#send<{ value: { objectId: string; assignment: Assignment | null }[] }>(
          'GET',
          `/api/tenants/${encodeURIComponent(tenantId)}/assignments?objectIds=${ids.map(encodeURIComponent).join(',')}`,
          { token, signal },
        ),
      ),
    );
    return new Map(answers.flatMap((answer) => answer.value.map(({ objectId, assignment }) => [objectId, assignment] as const)));
  }

  putAssignment(tenantId: string, objectId: string, body: { principalType: string; clientIds?: string[] }, token: string, signal?: AbortSignal): Promise<Assignment> {
    return this.#send('PUT', this.#assignmentPath(tenantId, objectId), { token, signal, body });
  }

  deleteAssignment(tenantId: string, objectId: string, token: string, signal?: AbortSignal): Promise<void> {
    return this.#send('DELETE', this.#assignmentPath(tenantId, objectId), { token, signal });
  }

  teamsUserToken(entraToken: string, signal?: AbortSignal): Promise<{ token: string; expiresOn: string }> {
    return this.#send('POST', '/api/token/teams-user', { token: entraToken, signal });
  }

  #assignmentPath(tenantId: string, objectId: string) {
    return `/api/tenants/${encodeURIComponent(tenantId)}/assignments/${encodeURIComponent(objectId)}`;
  }

  async #send<T>(method: string, path: string, { token, signal, body }: { token?: string; signal?: AbortSignal; body?: unknown }): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.#base + path, {
        method,
        signal,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const { message, remedy } = tpeError(errorsSignInEn, 'network', 'proxy');
      throw new ProxyError(0, 'network', message, remedy);
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (!response.ok) {
      const code = payload.error?.code ?? `http_${response.status}`;
      const message = payload.error?.message ?? `The token proxy answered ${response.status}.`;
      throw new ProxyError(response.status, code, message, remedyFor(response.status, code), parseRetryAfter(response.headers.get('retry-after')));
    }
    return payload as T;
  }
}

function remedyFor(status: number, code: string): string {
  if (status === 429 || code === 'upstream_unavailable') return 'Wait a moment, then try again.';
  if (status === 401) return 'Sign out and sign in again.';
  if (code === 'admin_role_required') return 'Sign in as a Teams Administrator or Global Administrator.';
  if (status >= 500) return 'Try again; if it keeps failing, ask your CCaaS administrator to check the token proxy.';
  return 'Ask your CCaaS administrator.';
}
