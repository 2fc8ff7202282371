import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticateAgent } from './acs-token-auth.js';
import { CallingError } from './call-codes.js';
import { isCallAction, runCallAction, CALL_ACTIONS } from './call-actions.js';
import { agentCallRecord } from './call-model.js';
import type { CallingService } from './calling-service.js';
import { parseOutgoingCall } from './outgoing-call.js';
import { bodyObject } from './request-body.js';

type AgentParams = { agentId: string };

/** How far back an agent's next page can look for what became of its calls: a shift's break, not its history. */
const RECENT_CALLS_MS = 60 * 60 * 1000;
type CallParams = AgentParams & { callId: string; action: string };

/**
 * A calling service that is down answers nothing else: not whether a token is good, nor whether it knows a
 * registration. So an outage comes first, as 503 with how long to wait; a client tells it apart from a bad
 * token (401) and from a registration to redo (404) by the status alone.
 */
function refuseDuringOutage(service: CallingService, reply: FastifyReply): void {
  const leftMs = service.outageUntil - Date.now();
  if (leftMs <= 0) return;
  const seconds = Math.ceil(leftMs / 1000);
  reply.header('retry-after', String(seconds));
  throw new CallingError('outage', `The calling service is down (simulated outage) for ${seconds} more second${seconds === 1 ? '' : 's'}.`);
}

/** What the simulator calls, under `/calling`: every request proves the agent's identity with its ACS token. */
export function registerAgentRoutes(app: FastifyInstance, service: CallingService): void {
  const { ctx, agents, calls } = service;

  app.addHook('onRequest', async (_request, reply) => refuseDuringOutage(service, reply));

  app.post('/agents', async (request, reply) => {
    const identity = await authenticateAgent(ctx, request);
    bodyObject(request.body);
    const registration = agents.register(identity);
    // Its stream is not open yet: the offer waits among its missed events, sent once it connects.
    calls.offerRingingTo(registration);
    return reply.code(201).send({ agentId: registration.agentId, identity: registration.identity, persona: registration.persona });
  });

  app.get<{ Params: AgentParams }>('/agents/:agentId/events', async (request, reply) => {
    const registration = agents.authorised(request.params.agentId, await authenticateAgent(ctx, request));
    agents.openStream(registration, reply);
    return reply;
  });

  app.put<{ Params: AgentParams }>('/agents/:agentId/token', async (request, reply) => {
    const identity = await authenticateAgent(ctx, request);
    const registration = agents.authorised(request.params.agentId, identity);
    bodyObject(request.body);
    agents.renew(registration, identity);
    return reply.code(204).send();
  });

  app.delete<{ Params: AgentParams }>('/agents/:agentId', async (request, reply) => {
    const registration = agents.authorised(request.params.agentId, await authenticateAgent(ctx, request));
    calls.agentGone(registration);
    agents.remove(registration);
    return reply.code(204).send();
  });

  app.post<{ Params: AgentParams }>('/agents/:agentId/calls', async (request, reply) => {
    const registration = agents.authorised(request.params.agentId, await authenticateAgent(ctx, request));
    const call = calls.placeCall(registration, parseOutgoingCall(service, registration, bodyObject(request.body)));
    // The far end rings once the agent has the call id, so the Ringing event never names an unknown call.
    reply.raw.once('close', () => calls.startRinging(call));
    return reply.code(201).send({ callId: call.id, state: 'Connecting', isEmergencyCall: call.isEmergencyCall });
  });

  // A new page (after a reload) has a new registration: this is how it learns what became of the call its
  // last page left behind, from the same identity's calls, live or ended within the hour.
  app.get<{ Params: AgentParams }>('/agents/:agentId/calls', async (request) => {
    const registration = agents.authorised(request.params.agentId, await authenticateAgent(ctx, request));
    return calls.recentOf(registration.identity, Date.now() - RECENT_CALLS_MS).map((call) => agentCallRecord(call, service.grace.dueAtOf(call.holder?.agentId)));
  });

  app.post<{ Params: CallParams }>('/agents/:agentId/calls/:callId/:action', async (request) => {
    const { agentId, callId, action } = request.params;
    const registration = agents.authorised(agentId, await authenticateAgent(ctx, request));
    if (!isCallAction(action)) throw new CallingError('unknownAction', `"${action}" is not a call action; use ${CALL_ACTIONS.join(', ')}.`);
    const call = calls.findFor(registration, callId);
    return { state: runCallAction(service, registration, call, action, request.body) };
  });
}
