import { parseRetryAfter } from '../retry-after.js';
import { GraphRequestError } from './graph-request-error.js';

/** A Teams resource account as the CCaaS app needs it, read from Microsoft Graph (beta). */
export interface ResourceAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
  /** E.164, without Graph's `tel:` prefix; empty when no number is assigned. */
  phoneNumber: string;
  appId: string;
  /** The ACS immutable resource id the Teams admin bound the account to, or null. */
  acsResourceId: string | null;
}

interface GraphResourceAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
  phoneNumber?: string | null;
  appId: string;
  acsResourceId?: string | null;
}

interface GraphPage {
  value: GraphResourceAccount[];
  '@odata.nextLink'?: string;
}

export { GraphRequestError };

export interface ListResourceAccountsOptions {
  /** `https://graph.microsoft.com` in production, the dev tenant's origin locally. */
  graphBaseUrl: string;
  accessToken: string;
  /** Only accounts bound to this bot app id (the CCaaS app's). */
  botAppId: string;
  pageSize?: number;
  signal?: AbortSignal;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function stripTel(phoneNumber: string | null | undefined): string {
  return (phoneNumber ?? '').replace(/^tel:/i, '');
}

/** Lists every resource account bound to the bot app id, following `@odata.nextLink` to the last page. */
export async function listResourceAccounts(options: ListResourceAccountsOptions): Promise<ResourceAccount[]> {
  if (!GUID.test(options.botAppId)) throw new TypeError(`botAppId must be a GUID, not "${options.botAppId}"`);
  const first = new URL('/beta/admin/teams/resourceAccounts', options.graphBaseUrl);
  first.searchParams.set('$filter', `appId eq '${options.botAppId}'`);
  if (options.pageSize) first.searchParams.set('$top', String(options.pageSize));
  const accounts: ResourceAccount[] = [];
  let next: string | undefined = first.href;
  while (next) {
    const response = await fetch(next, { headers: { authorization: `Bearer ${options.accessToken}` }, signal: options.signal });
    if (!response.ok) throw await graphError(response);
    const page = (await response.json()) as GraphPage;
    for (const item of page.value) {
      accounts.push({
        id: item.id,
        userPrincipalName: item.userPrincipalName,
        displayName: item.displayName,
        phoneNumber: stripTel(item.phoneNumber),
        appId: item.appId,
        acsResourceId: item.acsResourceId ?? null,
      });
    }
    next = page['@odata.nextLink'];
  }
  return accounts;
}

async function graphError(response: Response): Promise<GraphRequestError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new GraphRequestError(response.status, body.error?.code ?? `HTTP${response.status}`, body.error?.message ?? response.statusText, retryAfter);
  } catch {
    return new GraphRequestError(response.status, `HTTP${response.status}`, `Microsoft Graph answered ${response.status}.`, retryAfter);
  }
}
