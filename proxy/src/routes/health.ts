import type { FastifyInstance } from 'fastify';
import type { AssignmentsClient } from '../acs/assignments-client.js';
import type { Clock } from '../clock.js';
import type { EntraTokenValidator } from '../auth/entra-token-validator.js';
import type { ProxyConfig } from '../config.js';
import { UpstreamError } from '../upstream/upstream-error.js';

const PROBE_OBJECT_ID = '00000000-0000-0000-0000-000000000000';
const READINESS_CACHE_MS = 5_000;

interface Deps {
  config: ProxyConfig;
  validator: EntraTokenValidator;
  assignments: AssignmentsClient;
  now: Clock;
}

type AcsCheck = 'ok' | 'unavailable' | 'refused';

/**
 * `/healthz` (liveness): the process answers; unlimited, for probes. `/readyz` (readiness): whether this
 * instance can serve. It cannot without Entra's signing keys (no token could be
 * checked), or when ACS refuses its own credential (a wrong key or a managed identity without a role: this
 * deployment is broken, not ACS). An ACS outage (5xx, throttling, no answer) leaves it ready: every instance
 * sees the same outage, and a balancer that dropped them all would turn cached tokens and clear 503s into
 * connection errors. The outage shows as `acs: "unavailable"` here and in the upstream metrics.
 * Readiness makes upstream calls, so it is rate-limited like the API and cached for 5 s; it says which check
 * failed but not why (that goes to the log), since anyone can ask. While shutting down, Fastify answers every
 * request, this one too, 503 (return503OnClosing), so a balancer stops sending new work during the grace period.
 */
export function registerHealth(app: FastifyInstance, deps: Deps): void {
  app.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));

  let last: { at: number; checks: { entraKeys: 'ok' | 'failed'; acs: AcsCheck } } | undefined;
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
    return { entraKeys: keys.status === 'fulfilled' ? ('ok' as const) : ('failed' as const), acs: acsCheck(acs) };
  };

  app.get('/readyz', async (_request, reply) => {
    if (!last || deps.now() - last.at > READINESS_CACHE_MS) last = { at: deps.now(), checks: await check() };
    const ready = last.checks.entraKeys === 'ok' && last.checks.acs !== 'refused';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: last.checks });
  });
}

function acsCheck(result: PromiseSettledResult<unknown>): AcsCheck {
  if (result.status === 'fulfilled') return 'ok';
  const reason = result.reason as unknown;
  return reason instanceof UpstreamError && reason.code === 'upstream_auth_failed' ? 'refused' : 'unavailable';
}
