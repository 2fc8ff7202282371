import proxyAddr from '@fastify/proxy-addr';

/**
 * TRUST_PROXY: which peers may name the client's address in `X-Forwarded-For`. Off (`false`), a hop count (the
 * balancers in front, the right-most addresses taken as theirs), or the balancers' addresses and CIDRs (and
 * proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). Hand it to Fastify through `fastifyTrustProxy`.
 */
export type TrustProxy = false | number | string[];

const OFF = new Set(['', 'false', 'off', 'no', '0']);
const EVERYONE = new Set(['true', 'on', 'yes', '*', 'all', 'any']);
const MAX_HOPS = 10;

/**
 * Reads TRUST_PROXY, adding any problem to `problems`. Trusting every peer is refused: then any caller could
 * name any address and pick its own rate-limit bucket; with a balancer in front, its hop count says the same
 * thing safely.
 */
export function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim() ?? '';
  if (OFF.has(value.toLowerCase())) return false;
  const everyone = `TRUST_PROXY may not trust every peer ("${value}"): any caller could then claim any address. Give the number of balancers in front (e.g. 1) or their addresses/CIDRs.`;
  if (EVERYONE.has(value.toLowerCase())) {
    problems.push(everyone);
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) problems.push(`TRUST_PROXY as a hop count must be from 1 to ${MAX_HOPS}, not "${value}".`);
    return hops;
  }
  const entries = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (entries.some((entry) => /\/0+$/.test(entry))) {
    problems.push(everyone);
    return false;
  }
  for (const entry of entries) {
    try {
      proxyAddr.compile(entry);
    } catch {
      problems.push(`TRUST_PROXY must be a hop count or a comma-separated list of IP addresses, CIDRs (10.0.0.0/8) or loopback/linklocal/uniquelocal; "${entry}" is none of these.`);
    }
  }
  return entries;
}

/**
 * The form Fastify's `trustProxy` takes. Fastify 5.12 no longer honours a bare number (a direct caller could
 * claim any address by sending enough hops), so a hop count becomes the function Express and proxy-addr mean
 * by it: the socket's peer and the next `hops - 1` addresses from the right are balancers, the one after is the
 * client. That is only safe when nothing but the balancers can reach the proxy; the README says so.
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

/**
 * Which peers the per-address connection cap leaves alone. Behind a balancer every agent's connection arrives
 * from the balancer, so capping it would cap all agents together: with an address list the listed balancers are
 * exempt (anyone else reaching the proxy directly is still capped); with a hop count every peer is taken for a
 * balancer, so the cap does not apply at all and the balancer must cap connections itself.
 */
export function exemptFromConnectionCap(trust: TrustProxy): (address: string) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return () => true;
  const trusted = proxyAddr.compile(trust);
  return (address) => trusted(address, 0);
}
