import { badRequest, endReason, CallingError, type CallCodeName } from './call-codes.js';
import { holderState, type Call, type LegState } from './call-model.js';
import type { CallingService } from './calling-service.js';
import { isE164, normalisePhoneNumber } from './phone-numbers.js';
import type { Registration } from './registrations.js';
import { objectField } from './request-body.js';
import { canTakeCalls } from './ringing-rules.js';

type TransferTarget = { phoneNumber: string } | { rawId: string };

function parseTarget(body: Record<string, unknown>): TransferTarget {
  const target = objectField(body, 'target', '{"phoneNumber": "+14255550123"} or {"rawId": "8:acs:…"}');
  const { phoneNumber, rawId } = target;
  if ((phoneNumber === undefined) === (rawId === undefined)) throw badRequest('"target" must have exactly one of "phoneNumber" and "rawId".');
  if (phoneNumber !== undefined) {
    if (typeof phoneNumber !== 'string') throw badRequest('"target.phoneNumber" must be a string such as +14255550123.');
    if (!isE164(phoneNumber)) throw new CallingError('notE164', `A call can be transferred only to an E.164 number, not ${JSON.stringify(phoneNumber)}.`);
    return { phoneNumber: normalisePhoneNumber(phoneNumber) };
  }
  if (typeof rawId !== 'string' || !rawId.startsWith('8:')) throw badRequest('"target.rawId" must be an agent\'s raw id such as 8:acs:<resource>_<tenant>_<oid>.');
  return { rawId };
}

/**
 * Transfers the agent's connected call: to a number, the PSTN takes it over; to another agent, that agent
 * is offered the call (with who transferred it) and becomes its agent on accepting. Either way the
 * transferor's part ends as transferred away; a target that cannot take the call fails the transfer and
 * the transferor keeps the call.
 */
export function transferCall(service: CallingService, transferor: Registration, call: Call, body: Record<string, unknown>): LegState {
  const target = parseTarget(body);
  if ('rawId' in target && target.rawId === transferor.identity) throw badRequest('An agent cannot transfer a call to themself.');
  const targetName = 'rawId' in target ? target.rawId : target.phoneNumber;
  const { calls } = service;
  calls.tellTransfer(transferor.agentId, call, 'Transferring');

  const targets = 'rawId' in target ? service.agents.all().filter((r) => r.identity === target.rawId && canTakeCalls(service.ctx, r)) : [];
  const failure: CallCodeName | undefined =
    'phoneNumber' in target ? undefined : target.rawId.startsWith('8:orgid:') ? 'teamsPersona' : targets.length === 0 ? 'noAgentAvailable' : undefined;
  if (failure) {
    call.transfer = { target: targetName, state: 'Failed' };
    calls.tellTransfer(transferor.agentId, call, 'Failed', endReason(failure));
    return holderState(call);
  }

  call.transfer = { target: targetName, state: 'Transferred' };
  calls.tellTransfer(transferor.agentId, call, 'Transferred');
  calls.tellState(transferor.agentId, call, 'Disconnected', endReason('transferredAway'));
  call.holder = undefined;
  call.onHold = false;
  if (targets.length) {
    call.transferor = { rawId: transferor.identity, displayName: transferor.displayName };
    calls.offer(call, targets);
  }
  return 'Disconnected';
}
