import { CallingError, badRequest } from './call-codes.js';
import { holderState, type Call, type LegState } from './call-model.js';
import type { CallingService } from './calling-service.js';
import { dtmfCharacter } from './dtmf-tones.js';
import type { Registration } from './registrations.js';
import { bodyObject, optionalBoolean } from './request-body.js';
import { transferCall } from './transfer.js';

export const CALL_ACTIONS = ['accept', 'reject', 'hangUp', 'hold', 'resume', 'mute', 'dtmf', 'transfer'] as const;
export type CallAction = (typeof CALL_ACTIONS)[number];

export function isCallAction(value: string): value is CallAction {
  return (CALL_ACTIONS as readonly string[]).includes(value);
}

function requireRinging(call: Call, registration: Registration, action: CallAction): void {
  if (!call.ringing.has(registration.agentId)) {
    throw new CallingError('invalidCallState', `Only a call that is ringing for the agent can be ${action === 'accept' ? 'accepted' : 'rejected'}; call ${call.id} is ${call.state}.`);
  }
}

/** Hold, resume, DTMF and transfer need the agent on a connected call (held or not). */
function requireConnectedHolder(call: Call, registration: Registration, action: CallAction): void {
  if (call.holder?.agentId !== registration.agentId || call.state !== 'Connected') {
    throw new CallingError('invalidCallState', `${action} needs a connected call; call ${call.id} is ${call.state} for this agent.`);
  }
}

function refuseDuringEmergency(call: Call, action: string): void {
  if (call.isEmergencyCall) throw new CallingError('emergencyRestriction', `${action} is not allowed during an emergency call.`);
}

/** Runs one agent action on a call and answers the agent's `CallState` after it. */
export function runCallAction(service: CallingService, registration: Registration, call: Call, action: CallAction, rawBody: unknown): LegState {
  const { calls } = service;
  const body = bodyObject(rawBody);
  switch (action) {
    case 'accept':
      requireRinging(call, registration, action);
      calls.accept(call, registration);
      return 'Connected';
    case 'reject':
      requireRinging(call, registration, action);
      calls.decline(call, registration);
      return 'Disconnected';
    case 'hangUp': {
      // A call of two parties ends either way; one that others joined ends for them too only `forEveryone`.
      const forEveryone = optionalBoolean(body, 'forEveryone') ?? false;
      // Hanging up a call that rings for the agent declines it, as the SDK's reject would.
      if (call.ringing.has(registration.agentId)) calls.decline(call, registration);
      else calls.hangUp(call, forEveryone);
      return 'Disconnected';
    }
    case 'hold':
    case 'resume': {
      requireConnectedHolder(call, registration, action);
      if (action === 'hold') refuseDuringEmergency(call, 'Hold');
      const onHold = action === 'hold';
      if (call.onHold !== onHold) {
        call.onHold = onHold;
        calls.tellHolder(call);
      }
      return holderState(call);
    }
    case 'mute': {
      if (call.holder?.agentId !== registration.agentId) throw new CallingError('invalidCallState', `Only the agent on call ${call.id} can mute it.`);
      const muted = optionalBoolean(body, 'muted');
      if (muted === undefined) throw badRequest('Send {"muted": true} or {"muted": false}.');
      // Unmuting is always allowed: it restores what an emergency call needs.
      if (muted) refuseDuringEmergency(call, 'Mute');
      call.agentMuted = muted;
      return holderState(call);
    }
    case 'dtmf': {
      requireConnectedHolder(call, registration, action);
      if (call.onHold) throw new CallingError('invalidCallState', `Call ${call.id} is on hold; resume it before sending tones.`);
      call.dtmf += dtmfCharacter(body.tone);
      return holderState(call);
    }
    case 'transfer':
      requireConnectedHolder(call, registration, action);
      refuseDuringEmergency(call, 'Transfer');
      return transferCall(service, registration, call, body);
  }
}
