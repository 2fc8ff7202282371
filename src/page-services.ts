import { createContext } from '@lit/context';
import type { MsalApplications } from './auth/msal-applications.js';
import { ProxyConfigCache } from './proxy/proxy-config-cache.js';

/**
 * What the elements of one page share: one read of each token proxy's settings, and one MSAL application per
 * configuration (created with MSAL, the first time an element needs it). A page may hand its elements its own
 * through `@lit/context` (`pageServicesContext`) or their `services` property, e.g. one per micro-frontend.
 */
export interface PageServices {
  readonly proxyConfigs: ProxyConfigCache;
  msal?: MsalApplications;
}

export const pageServicesContext = createContext<PageServices>(Symbol.for('tpe-elements.page-services'));

const DOCUMENT_KEY = Symbol.for('tpe-elements.page-services');

/**
 * The services of elements that no provider reached: kept on their document rather than in this module, so that
 * a page that loads two copies of the library still shares one MSAL application, and nothing outlives the page.
 */
export function documentServices(doc: Document = document): PageServices {
  const holder = doc as Document & { [DOCUMENT_KEY]?: PageServices };
  return (holder[DOCUMENT_KEY] ??= { proxyConfigs: new ProxyConfigCache() });
}
