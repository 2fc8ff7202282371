import type { FastifyInstance } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { CallingError } from './call-codes.js';
import { registerAgentRoutes } from './agent-routes.js';
import { clearCallingService, createCallingService } from './calling-service.js';
import { registerControlRoutes } from './control-routes.js';
import { handleCallingError } from './error-handler.js';
import { registerFarEndRoutes } from './far-end-routes.js';
import { lifetimesControl } from './lifetimes.js';

export interface CallingSurface {
  /** Ends every call, drops every registration and restores token lifetimes (`POST /.dev/reset`). */
  reset(): void;
}

/**
 * The calling service that stands in for ACS calling and the PSTN (see CALLING.md): agent routes under
 * `/calling`, the far end and the test controls under `/.dev`. Each part is a scope of its own, so every
 * error, Fastify's included, keeps the calling error shape.
 */
export function registerCalling(app: FastifyInstance, ctx: DevTenantContext): CallingSurface {
  const service = createCallingService(ctx);
  const lifetimes = lifetimesControl(ctx);

  void app.register(
    async (calling) => {
      calling.setErrorHandler(handleCallingError);
      calling.setNotFoundHandler((request, reply) =>
        handleCallingError(new CallingError('noRoute', `No calling route for ${request.method} ${request.url.split('?')[0]}.`), request, reply),
      );
      registerAgentRoutes(calling, service);
    },
    { prefix: '/calling' },
  );
  void app.register(async (dev) => {
    dev.setErrorHandler(handleCallingError);
    registerFarEndRoutes(dev, service);
    registerControlRoutes(dev, service);
    lifetimes.register(dev);
  });

  // preClose runs before the server waits for its connections; an open event stream would make it wait forever.
  app.addHook('preClose', async () => clearCallingService(service));

  return {
    reset() {
      clearCallingService(service);
      lifetimes.restore();
    },
  };
}
