import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { TeamsTokenCache } from '../acs/teams-token-cache.js';
import type { TeamsUserExchange } from '../acs/teams-user-exchange.js';
import { ACS_AUDIENCES, authenticate, bearerToken, TEAMS_PERSONA_SCOPES } from '../auth/authenticate.js';
import type { EntraTokenValidator } from '../auth/entra-token-validator.js';
import type { ProxyMetrics } from '../telemetry/proxy-metrics.js';
import { Deadline } from '../upstream/deadline.js';

/** What a Teams-persona token must be: for ACS, with both Teams scopes. One object, so the validator keys its cache on it once. */
const TEAMS_PERSONA_TOKEN = { audiences: ACS_AUDIENCES, scopes: TEAMS_PERSONA_SCOPES };

interface Deps {
  validator: EntraTokenValidator;
  exchange: TeamsUserExchange;
  cache: TeamsTokenCache;
  perCallerLimit: preHandlerHookHandler;
  upstreamTimeoutMs: number;
  metrics: ProxyMetrics;
}

/**
 * `POST /api/token/teams-user`: the Teams persona's exchange. The ids sent to ACS come from the validated
 * token itself (azp/appid and oid), never from the request, so a caller can only get its own ACS token.
 */
export function registerTeamsUserToken(app: FastifyInstance, { validator, exchange, cache, perCallerLimit, upstreamTimeoutMs, metrics }: Deps): void {
  app.post(
    '/api/token/teams-user',
    {
      preHandler: [
        async (request) => {
          await authenticate(request, validator, TEAMS_PERSONA_TOKEN);
        },
        perCallerLimit,
      ],
      schema: { body: { anyOf: [{ type: 'null' }, { type: 'object', maxProperties: 0 }] } },
      onResponse: (_request, reply, done) => {
        metrics.exchange(reply.statusCode !== 200 ? 'failed' : reply.getHeader('x-token-cache') === 'hit' ? 'cached' : 'issued', reply.elapsedTime);
        done();
      },
    },
    async (request, reply) => {
      const caller = request.caller!;
      const entraToken = bearerToken(request)!;
      // The request's one bound on ACS: its time, or the caller giving up (closed tab, timeout) stops the call.
      const deadline = new Deadline(upstreamTimeoutMs);
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) deadline.abandon();
      });
      let answer;
      try {
        answer = await cache.getOrExchange(entraToken, caller, () =>
          exchange.exchange({ entraToken, clientId: caller.clientId, objectId: caller.objectId, requestId: String(request.id), signal: deadline.signal, tracingContext: request.traceContext }),
        );
      } finally {
        deadline.end();
      }
      const { token, cached } = answer;
      request.span?.setAttribute('tpe.token_cache', cached ? 'hit' : 'miss');
      reply.header('cache-control', 'no-store').header('x-token-cache', cached ? 'hit' : 'miss');
      return {
        token: token.token,
        expiresOn: token.expiresOn.toISOString(),
        identity: { rawId: `8:orgid:${caller.objectId}`, microsoftTeamsUserId: caller.objectId },
      };
    },
  );
}
