import { createContext } from '@lit/context';
import type { MsalApplications } from './auth/msal-applications.js';
import { ProxyConfigCache } from './proxy/proxy-config-cache.js';

declare const pageServices: unique symbol;

/**
 * What the elements of one page share: one read of each token proxy's settings, and one MSAL application per
 * configuration (created with MSAL, the first time an element needs it). Opaque to pages: make one with
 * `createPageServices()` and hand it to elements through `@lit/context` (`pageServicesContext`) or their
 * `services` property, e.g. one per micro-frontend; elements nobody hands one use their document's.
 */
export interface PageServices {
  readonly [pageServices]: true;
}

/** What is inside: for the library's own modules. */
export interface SharedServices extends PageServices {
  readonly proxyConfigs: ProxyConfigCache;
  msal?: MsalApplications;
}

export const pageServicesContext = createContext<PageServices>(Symbol.for('tpe-elements.page-services'));

export function createPageServices(): PageServices {
  const services: Omit<SharedServices, typeof pageServices> = { proxyConfigs: new ProxyConfigCache() };
  return services as SharedServices;
}

/** The parts of a page's services. */
export function sharedServices(services: PageServices): SharedServices {
  return services as SharedServices;
}

const DOCUMENT_KEY = Symbol.for('tpe-elements.page-services');

/**
 * The services of elements that no provider reached: kept on their document rather than in this module, so that
 * a page that loads two copies of the library still shares one MSAL application, and nothing outlives the page.
 */
export function documentServices(doc: Document = document): PageServices {
  const holder = doc as Document & { [DOCUMENT_KEY]?: PageServices };
  return (holder[DOCUMENT_KEY] ??= createPageServices());
}
