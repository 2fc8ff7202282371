import type { Fixture } from './fixture.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Entra matches redirect URIs exactly, except that a loopback URI matches on any port (RFC 8252 §7.3),
 * which is what lets tests and the demo run on whatever port is free.
 */
export function isRegisteredRedirectUri(fixture: Fixture, candidate: string | undefined): boolean {
  const url = candidate ? parse(candidate) : undefined;
  if (!url || url.hash) return false;
  return fixture.apps.ccaasClient.redirectUris.some((registered) => {
    const reg = parse(registered);
    if (!reg) return false;
    if (LOOPBACK_HOSTS.has(reg.hostname) && reg.hostname === url.hostname) {
      return reg.protocol === url.protocol && reg.pathname === url.pathname && reg.search === url.search;
    }
    return reg.href === url.href;
  });
}

/** The app origins that may call the dev tenant from a browser (CORS). */
export function isAllowedOrigin(fixture: Fixture, origin: string | undefined): boolean {
  const url = origin ? parse(origin) : undefined;
  if (!url) return false;
  return fixture.apps.ccaasClient.redirectUris.some((registered) => {
    const reg = parse(registered);
    if (!reg || reg.protocol !== url.protocol || reg.hostname !== url.hostname) return false;
    return LOOPBACK_HOSTS.has(reg.hostname) || reg.port === url.port;
  });
}
