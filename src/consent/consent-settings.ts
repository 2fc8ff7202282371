import type { ProxyClient } from '../proxy/proxy-client.js';
import type { ProxyConfigCache } from '../proxy/proxy-config-cache.js';
import { tpeError } from '../messages/error-words.js';
import { errorsCommonEn } from '../messages/errors.common.en.js';

/**
 * The scopes `<tpe-consent>` asks for: each persona's, the token proxy's API and the admin view's Graph
 * reads (the proxy's `/api/config` gives the same four).
 */
export interface ConsentScopes {
  teamsPersona: string[];
  ccaasPersona: string[];
  proxy: string[];
  graphResourceAccounts: string[];
}

/** Everything `<tpe-consent>` needs to know; public values only. */
export interface ConsentSettings {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  authorityMetadata?: string;
  redirectUri: string;
  /** Where the admin-consent popup returns (a same-origin page registered on the app). */
  adminConsentRedirectUri: string;
  acsEndpoint: string;
  acsResourceId: string;
  ccaasBotAppId?: string;
  graphBaseUrl: string;
  /** The calling stack `<tpe-call-agent>` loads: the real SDK (default) or the dev tenant's simulator. */
  calling: 'sdk' | 'simulator';
  scopes: ConsentScopes;
}

export type ConsentSettingsOverrides = Partial<ConsentSettings>;

/**
 * Reads the proxy's public settings (when there is a proxy; through `configs` when given, so elements on one
 * page share the read) and lays the page's own settings over them.
 */
export async function resolveConsentSettings(
  proxy: ProxyClient | undefined,
  overrides: ConsentSettingsOverrides,
  signal?: AbortSignal,
  configs?: ProxyConfigCache,
): Promise<ConsentSettings> {
  const fromProxy = proxy ? await (configs ? configs.read(proxy, signal) : proxy.config(signal)) : undefined;
  const redirectUri = overrides.redirectUri ?? new URL('redirect.html', location.href).href;
  const settings: Partial<ConsentSettings> = {
    ...(fromProxy && {
      clientId: fromProxy.clientId,
      authority: fromProxy.authority,
      knownAuthorities: fromProxy.knownAuthorities,
      authorityMetadata: fromProxy.authorityMetadata,
      acsEndpoint: fromProxy.acs.endpoint,
      acsResourceId: fromProxy.acs.immutableResourceId,
      ccaasBotAppId: fromProxy.ccaasBotAppId ?? undefined,
      graphBaseUrl: fromProxy.graphBaseUrl,
      calling: fromProxy.calling,
      scopes: fromProxy.scopes,
    }),
    redirectUri,
    adminConsentRedirectUri: redirectUri,
    ...stripUndefined(overrides),
  };
  const missing = (['clientId', 'authority', 'acsEndpoint', 'scopes'] as const).filter((k) => !settings[k]);
  if (missing.length) {
    throw tpeError(errorsCommonEn, 'config', 'config', { missing: missing.join(', ') });
  }
  return { knownAuthorities: [], acsResourceId: '', graphBaseUrl: 'https://graph.microsoft.com', ...settings, calling: settings.calling ?? 'sdk' } as ConsentSettings;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}
