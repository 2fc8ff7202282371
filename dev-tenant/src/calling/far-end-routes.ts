import type { FastifyInstance } from 'fastify';
import { CallingError } from './call-codes.js';
import { observation } from './call-model.js';
import type { CallingService } from './calling-service.js';
import { isE164 } from './phone-numbers.js';
import { bodyObject, optionalString, stringField } from './request-body.js';

type CallParams = { callId: string };

/** The PSTN and the far end of every call, under `/.dev/calls`: no authentication, dev only. */
export function registerFarEndRoutes(app: FastifyInstance, service: CallingService): void {
  const { calls } = service;

  app.post('/.dev/calls', async (request, reply) => {
    const body = bodyObject(request.body);
    const from = stringField(body, 'from', '+12065550123');
    if (!isE164(from)) throw new CallingError('notE164', `"from" must be the caller's E.164 number such as +12065550123, not ${JSON.stringify(from)}.`);
    const to = stringField(body, 'to', '+14255550100 or tel:+14255550100');
    const displayName = optionalString(body, 'displayName');
    return reply.code(201).send(observation(calls.ringIn({ from, to, displayName })));
  });

  app.get('/.dev/calls', async () => calls.all().map(observation));

  app.get<{ Params: CallParams }>('/.dev/calls/:callId', async (request) => observation(calls.find(request.params.callId)));

  app.post<{ Params: CallParams }>('/.dev/calls/:callId/answer', async (request) => {
    const call = calls.find(request.params.callId);
    calls.answer(call);
    return observation(call);
  });

  // Someone else joins the call on the far end's side (the caller conferences in a colleague).
  app.post<{ Params: CallParams }>('/.dev/calls/:callId/join', async (request) => {
    const call = calls.find(request.params.callId);
    const phoneNumber = stringField(bodyObject(request.body), 'phoneNumber', '+12065550142');
    if (!isE164(phoneNumber)) throw new CallingError('notE164', `"phoneNumber" must be an E.164 number such as +12065550142, not ${JSON.stringify(phoneNumber)}.`);
    calls.join(call, phoneNumber);
    return observation(call);
  });

  app.post<{ Params: CallParams }>('/.dev/calls/:callId/hangUp', async (request) => {
    const call = calls.find(request.params.callId);
    calls.farEndHangUp(call);
    return observation(call);
  });
}
