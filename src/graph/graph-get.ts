import { parseRetryAfter } from '../retry-after.js';
import { GraphRequestError } from './graph-request-error.js';

/** A GET on Microsoft Graph with a delegated token; errors become GraphRequestError with Graph's code. */
export async function graphGet<T>(url: string, accessToken: string, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, ...headers }, signal });
  const body = (await response.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
  if (!response.ok) {
    const message = body.error?.message ?? `Microsoft Graph answered ${response.status}.`;
    throw new GraphRequestError(response.status, body.error?.code ?? `HTTP${response.status}`, message, parseRetryAfter(response.headers.get('retry-after')));
  }
  return body;
}
