import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { DevTenantContext } from './context.js';
import { sendError } from './errors.js';
import type { Fixture } from './fixture.js';
import { loadOrCreateTenantKeys } from './keys.js';
import { isAllowedOrigin } from './redirect-uris.js';
import { TenantState } from './state.js';
import { registerEntra } from './entra/routes.js';
import { registerGraph } from './graph/routes.js';
import { registerAcs } from './acs/routes.js';
import { registerDevControls } from './dev-controls.js';
import { registerCalling } from './calling/routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: ACS HMAC signs these bytes. */
    rawBody?: string;
  }
}

export interface DevTenantOptions {
  fixture: Fixture;
  /** Port to listen on; 0 picks a free one (tests). */
  port?: number;
  host?: string;
  /** Keep state (consents, assignments, refresh tokens, signing key) in this JSON file. */
  statePath?: string;
  /** Log requests to stdout (never token values: Fastify logs method, url and status only). */
  logRequests?: boolean;
  /** Serve https with this key and certificate (see loopback-tls.ts): the Azure SDKs' bearer and identity paths need it. */
  tls?: { key: string; cert: string };
}

export interface DevTenant {
  url: string;
  ctx: DevTenantContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 64 * 1024;

export async function startDevTenant(options: DevTenantOptions): Promise<DevTenant> {
  const state = await TenantState.open(options.statePath);
  const tenantKeys = await loadOrCreateTenantKeys(options.fixture, state);
  let baseUrl = '';
  const ctx: DevTenantContext = {
    fixture: options.fixture,
    state,
    key: tenantKeys.get(options.fixture.tenant.id.toLowerCase())!,
    tenantKeys,
    baseUrl: () => baseUrl,
    clockOffsetSeconds: 0,
    now: () => Math.floor(Date.now() / 1000) + ctx.clockOffsetSeconds,
  };

  // One server, http or https: the https variant is typed apart by Fastify, its routes are the same.
  const app = Fastify({
    ...(options.tls ? { https: options.tls } : {}),
    logger: options.logRequests ? { level: 'info' } : false,
    bodyLimit: MAX_BODY_BYTES,
    // Closing must not wait for a connection a client opened ahead and never used (fetch does so after an
    // aborted event stream, browsers preconnect): that would hold Ctrl-C or a test's close for 70 s.
    forceCloseConnections: true,
    // ACS paths contain a literal colon (`/teamsUser/:exchangeAccessToken`), escaped as `::` in routes.
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed paths and over-long URLs get each surface's own error shape too.
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
  });
  // merge-patch+json is JSON too (PATCH of an assignment), and its bytes are signed alike.
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const error = Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
      done(error, undefined);
    }
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: MAX_BODY_BYTES });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, isAllowedOrigin(options.fixture, origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'x-ms-client-request-id', 'client-request-id', 'return-client-request-id', 'x-client-SKU', 'x-client-VER', 'x-client-OS', 'x-client-CPU', 'x-client-current-telemetry', 'x-client-last-telemetry', 'x-app-name', 'x-app-ver', 'x-ms-useragent', 'ConsistencyLevel', 'SdkVersion'],
    exposedHeaders: ['x-ms-request-id', 'x-ms-client-request-id', 'MS-CV', 'api-supported-versions', 'request-id', 'client-request-id', 'Retry-After'],
    maxAge: 600,
  });
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, Object.assign(new Error(`No route for ${request.method} ${request.url.split('?')[0]}.`), { statusCode: 404 })),
  );

  registerEntra(app, ctx);
  registerGraph(app, ctx);
  registerAcs(app, ctx);
  const calling = registerCalling(app, ctx);
  registerDevControls(app, ctx, [calling.reset]);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 4010, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  baseUrl = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    ctx,
    app,
    async close() {
      await app.close();
      await state.settled();
    },
  };
}
