import type { FastifyInstance } from 'fastify';
import { badRequest, CallingError } from './call-codes.js';
import type { CallingService } from './calling-service.js';
import { parseCallingSettings } from './calling-settings.js';
import { bodyObject, onlyFields, optionalString } from './request-body.js';

/** Long enough for any test of reconnection, short enough that a typo cannot take the service down for good. */
const MAX_OUTAGE_SECONDS = 3600;

/** What tests look at and turn, under `/.dev/calling`. */
export function registerControlRoutes(app: FastifyInstance, service: CallingService): void {
  app.get('/.dev/calling/agents', async () => service.agents.all().map((registration) => service.agents.view(registration)));

  app.post('/.dev/calling/outage', async (request) => {
    const body = bodyObject(request.body);
    onlyFields(body, ['seconds']);
    const { seconds } = body;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_OUTAGE_SECONDS) {
      throw badRequest(`Send {"seconds": <0 to ${MAX_OUTAGE_SECONDS}>}: how long event streams are refused (0 ends an outage).`);
    }
    service.outageUntil = Date.now() + seconds * 1000;
    if (seconds > 0) service.agents.dropStreams();
    // An endpoint's grace counts from the end of the outage, whenever that now is.
    service.grace.rearm();
    return { outageEndsOn: new Date(service.outageUntil).toISOString() };
  });

  // The calling service loses its state without a restart (which would also void every token).
  app.post('/.dev/calling/forget-registrations', async (request) => {
    onlyFields(bodyObject(request.body), []);
    return { forgotten: service.agents.forgetAll() };
  });

  // The connection stays up and nothing comes through it: only the client's own watch on silence can tell.
  app.post('/.dev/calling/stall-streams', async (request) => {
    const body = bodyObject(request.body);
    onlyFields(body, ['agentId']);
    const agentId = optionalString(body, 'agentId');
    if (agentId !== undefined && !service.agents.all().some((registration) => registration.agentId === agentId)) {
      throw new CallingError('agentNotFound', `No agent is registered with id ${agentId}; see GET /.dev/calling/agents.`);
    }
    return { stalled: service.agents.stallStreams(agentId) };
  });

  app.get('/.dev/calling/settings', async () => service.settings);

  app.post('/.dev/calling/settings', async (request) => {
    Object.assign(service.settings, parseCallingSettings(request.body));
    service.grace.rearm();
    return service.settings;
  });
}
