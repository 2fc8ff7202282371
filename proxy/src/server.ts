import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type preHandlerAsyncHookHandler } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { acsCredential } from './acs/acs-credential.js';
import { acsApi } from './acs/acs-pipeline.js';
import { assignmentsClient } from './acs/assignments-client.js';
import { TeamsTokenCache } from './acs/teams-token-cache.js';
import { teamsUserExchange } from './acs/teams-user-exchange.js';
import { UpstreamError } from './upstream/upstream-error.js';
import { EntraTokenValidator } from './auth/entra-token-validator.js';
import { TokenRejected } from './auth/token-rejected.js';
import type { Clock } from './clock.js';
import type { ProxyConfig } from './config.js';
import { NO_METRICS, type ProxyMetrics } from './telemetry/proxy-metrics.js';
import { startTelemetry } from './telemetry/telemetry.js';
import { HttpError } from './http-error.js';
import { answerClientError } from './http/client-error.js';
import { capConnectionsPerAddress } from './http/connections-per-address.js';
import { exemptFromConnectionCap, fastifyTrustProxy } from './http/trust-proxy.js';
import { securityHeaders } from './security-headers.js';
import { registerAssignments } from './routes/assignments.js';
import { registerHealth } from './routes/health.js';
import { registerPublicConfig } from './routes/public-config.js';
import { registerTeamsUserToken } from './routes/teams-user-token.js';

export interface TokenProxy {
  app: FastifyInstance;
  url: string;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
  /**
   * Like close(), but ends the connections still open after `graceMs` (a caller that never finishes its
   * request, an upstream wait) so that shutdown always ends within the grace period. Resolves to how many it ended.
   */
  shutdown(graceMs: number): Promise<{ ended: number }>;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

export interface ProxyOptions {
  /** Logs go here as JSON lines (stdout by default); `false` silences them. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /**
   * The time in ms since the epoch wherever the proxy judges expiry (tokens, cached answers, readiness);
   * `Date.now` by default. Tests move it instead of waiting.
   */
  now?: Clock;
  /** Where counts go (exchanges, refusals, upstream answers, limits); nothing by default. */
  metrics?: ProxyMetrics;
}

/** Builds, listens on `config.host`:`config.port` (0 picks a free port) and hands back the running proxy. */
export async function startProxy(config: ProxyConfig, options: ProxyOptions = {}): Promise<TokenProxy> {
  const app = await buildProxy(config, options);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    close: () => app.close(),
    shutdown: (graceMs) => shutdownWithin(app, graceMs),
  };
}

/**
 * The proxy as a ready Fastify app that does not listen yet: `startProxy` puts it on a socket, and tests
 * that need no socket call `app.inject()` on it. Close it with `app.close()`.
 */
export async function buildProxy(config: ProxyConfig, options: ProxyOptions = {}): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const telemetry = options.metrics ? undefined : await startTelemetry(config.telemetry);
  const metrics = options.metrics ?? telemetry?.metrics ?? NO_METRICS;
  const tracing = Boolean(telemetry?.traceRequests);
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            // Levels by name in every line ("level":"warn"), as operators filter them, not pino's numbers.
            formatters: { level: (label) => ({ level: label }) },
            ...(typeof options.logger === 'object' ? { stream: options.logger.stream } : {}),
            // Never log headers or bodies: they carry tokens. Method, path and caller ids are enough.
            serializers: {
              req: (req) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    logController: new AnsweredRequestsOnly(),
    bodyLimit: config.limits.bodyBytes,
    genReqId: (req) => {
      const given = req.headers['x-ms-client-request-id'] ?? req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's Ajv defaults strip unknown properties and coerce types ("x" → ["x"]): refuse such bodies instead.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    // Every wait on a caller is bounded: the whole request (headers and body), an idle keep-alive connection,
    // and, as a backstop, any socket silent for longer than a request and an upstream call could take.
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    connectionTimeout: Math.max(config.timeouts.keepAliveMs, config.timeouts.requestMs + config.upstream.timeoutMs) + 1_000,
    // Node checks the request timeout every 30 s by default; a 10 s bound would then hold for up to 40 s.
    http: { headersTimeout: config.timeouts.requestMs, connectionsCheckingInterval: Math.min(1_000, config.timeouts.requestMs) },
    clientErrorHandler: answerClientError,
    // Client addresses (rate limits, logs) from X-Forwarded-For only as far as TRUST_PROXY trusts the peers.
    trustProxy: fastifyTrustProxy(config.trustProxy),
  });
  if (telemetry) app.addHook('onClose', () => telemetry.shutdown());
  app.decorate('metricsUrl', telemetry?.prometheusUrl);
  telemetry?.traceRequests?.(app);
  capConnectionsPerAddress(app.server, config.limits.connectionsPerIp, (address) => app.log.warn({ address }, 'too many connections from one address; closed'), exemptFromConnectionCap(config.trustProxy));
  app.removeContentTypeParser('text/plain');
  // Who the validated token says the caller is, set by authenticate(); declared up front so every request has one shape.
  app.decorateRequest('caller', undefined);

  const headers = { ...securityHeaders(), 'cache-control': 'no-store' };
  // Hooks on every request take Fastify's callback form: an async one costs a promise and a microtask each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    // Node keeps the first of two Host headers; a proxy in front may have routed by the other one.
    done(hostHeaderCount(request.raw.rawHeaders) > 1 ? new HttpError(400, 'duplicate_host', 'The request has more than one Host header.') : undefined);
  });
  await app.register(cors, {
    origin: config.corsOrigins,
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    // traceparent/tracestate: a page's trace may run on through the proxy (telemetry/request-spans.ts).
    allowedHeaders: ['Authorization', 'Content-Type', 'x-ms-client-request-id', 'traceparent', 'tracestate'],
    exposedHeaders: ['x-request-id', 'Retry-After'],
    maxAge: 600,
  });
  // Loaded only with REDIS_URL, so an instance without a shared store never holds the Redis client.
  const shared = config.redisUrl ? await (await import('./store/shared-store.js')).openSharedStore(app, config, metrics) : undefined;
  await app.register(rateLimit, {
    ...shared?.rateLimit,
    global: true,
    max: config.limits.perIpPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => {
      metrics.rateLimited('address');
      return new HttpError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`, { 'retry-after': String(Math.ceil(context.ttl / 1000)) });
    },
  });
  // Not app.rateLimit(): its handler shares the global limiter's "already ran" mark, so after the per-IP
  // hook it would never count. createRateLimit only counts; the refusal is ours.
  const perCaller = app.createRateLimit({
    max: config.limits.perCallerPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `caller:${request.caller?.tenantId}:${request.caller?.objectId}`,
  });
  const perCallerLimit: preHandlerAsyncHookHandler = async (request) => {
    const limit = await perCaller(request);
    if (!limit.isAllowed && limit.isExceeded) {
      metrics.rateLimited('caller');
      throw new HttpError(429, 'rate_limited', `Too many requests for this user; try again in ${limit.ttlInSeconds} s.`, { 'retry-after': String(limit.ttlInSeconds) });
    }
  };

  // Fastify marks only requests that arrive after close() with "Connection: close"; one already in flight
  // would leave its keep-alive connection open, and close() would wait out keepAliveTimeout (72 s).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', String(request.id));
    // A refused request may have left its body unread (a 429 before a silent body): close rather than wait on it.
    if (closing || reply.statusCode >= 400) reply.header('connection', 'close');
    done(null, payload);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof TokenRejected) metrics.tokenRefused(error.reason);
    return sendError(error, request, reply);
  });
  // Unmatched paths count against the per-address limit too, or probing them would be free.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) => sendError(new HttpError(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`), request, reply));

  const credential = await acsCredential(config.acs);
  const validator = new EntraTokenValidator({ ...config.entra, now });
  const acs = acsApi(config, credential, { tracing, metrics, operation: 'assignments' });
  const assignments = assignmentsClient(config, acs);
  const cache = new TeamsTokenCache({ maxEntries: config.limits.tokenCacheEntries, maxSeconds: config.tokenCacheMaxSeconds, now, shared: shared?.tokenCache });

  registerPublicConfig(app, config);
  registerHealth(app, { config, validator, assignments, now });
  registerTeamsUserToken(app, { validator, exchange: teamsUserExchange(acsApi(config, credential, { tracing, metrics, operation: 'exchange' })), cache, perCallerLimit, upstreamTimeoutMs: config.upstream.timeoutMs, metrics });
  registerAssignments(app, { config, validator, assignments, perCallerLimit, revokeCachedTokens: (tenantId, objectId) => cache.revoke(tenantId, objectId) });

  await app.ready();
  return app;
}

/**
 * Fastify's own per-request logging without its 'incoming request' line: the 'request completed' line written
 * with the answer holds the status and time, and the request's method and path are added to it (the logger's
 * serializers above), so each request costs one line, not two.
 */
class AnsweredRequestsOnly extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

async function shutdownWithin(app: FastifyInstance, graceMs: number): Promise<{ ended: number }> {
  let ended = 0;
  const timer = setTimeout(() => {
    app.server.getConnections((_error, count) => {
      ended = count;
      app.server.closeAllConnections();
    });
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
  return { ended };
}

function hostHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof TokenRejected) {
    request.log.info({ reason: error.reason }, 'token refused');
    return reply
      .code(401)
      // RFC 6750 §3.1: a request that sent no token gets the bare challenge, without an error code.
      .header('www-authenticate', error.reason === 'missing_token' ? 'Bearer realm="tpe-token-proxy"' : `Bearer error="invalid_token", error_description="${error.reason}"`)
      .send({ error: { code: error.reason, message: error.message } });
  }
  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
  if (error instanceof UpstreamError) {
    request.log.warn({ code: error.code, status: error.status }, 'upstream failure');
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'The token proxy failed to handle the request.' } });
  }
  const code =
    status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : fastifyError.validation ? 'invalid_request' : fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'malformed_json' : 'bad_request';
  return reply.code(status).send({ error: { code, message: fastifyError.message ?? 'Bad request.' } });
}
