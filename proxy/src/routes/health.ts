import type { FastifyInstance } from 'fastify';
import type { AssignmentsClient } from '../acs/assignments-client.js';
import type { Clock } from '../clock.js';
import type { EntraTokenValidator } from '../auth/entra-token-validator.js';
import type { ProxyConfig } from '../config.js';

const PROBE_OBJECT_ID = '00000000-0000-0000-0000-000000000000';
const READINESS_CACHE_MS = 5_000;

/**
 * `/healthz`: the process answers (unlimited, for probes). `/readyz`: it can reach ACS with its credential and
 * Entra's keys. Readiness makes upstream calls, so it is rate-limited like the API and cached for 5 s; it says
 * which check failed but not why (that goes to the log), since anyone can ask.
 */
export function registerHealth(app: FastifyInstance, deps: { config: ProxyConfig; validator: EntraTokenValidator; assignments: AssignmentsClient; now: Clock }): void {
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));

  let last: { at: number; result: { ready: boolean; checks: Record<string, string> } } | undefined;
  const check = async () => {
    const tenant = deps.config.entra.allowedTenants[0]!;
    const [keys, acs] = await Promise.allSettled([
      deps.validator.warmKeys(tenant),
      // A signed read of an assignment that cannot exist: 404 proves reachability and a valid credential.
      // The assignments client bounds it with the upstream deadline.
      deps.assignments.get(tenant, PROBE_OBJECT_ID, { requestId: 'readyz', signal: new AbortController().signal }),
    ]);
    for (const [name, result] of [['entraKeys', keys], ['acs', acs]] as const) {
      if (result.status === 'rejected') app.log.warn({ check: name, reason: (result.reason as Error).message }, 'readiness check failed');
    }
    const checks = { entraKeys: keys.status === 'fulfilled' ? 'ok' : 'failed', acs: acs.status === 'fulfilled' ? 'ok' : 'failed' };
    return { ready: keys.status === 'fulfilled' && acs.status === 'fulfilled', checks };
  };

  app.get('/readyz', async (_request, reply) => {
    if (!last || deps.now() - last.at > READINESS_CACHE_MS) last = { at: deps.now(), result: await check() };
    return reply.code(last.result.ready ? 200 : 503).send({ status: last.result.ready ? 'ready' : 'not ready', checks: last.result.checks });
  });
}
