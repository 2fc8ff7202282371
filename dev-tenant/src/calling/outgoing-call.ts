import { CALL_CODES, CallingError } from './call-codes.js';
import type { OutgoingCallRequest } from './calls.js';
import type { CallingService } from './calling-service.js';
import { isE164, isEmergencyNumber, normalisePhoneNumber } from './phone-numbers.js';
import type { Registration } from './registrations.js';
import { objectField, stringField } from './request-body.js';
import { resourceAccountById, resourceAccountRefusal, tenantOfResourceAccount } from './ringing-rules.js';

/**
 * Checks an outgoing call against ACS's rules, in the order the SDK meets them: who calls, the number,
 * then the resource account it is placed for.
 */
export function parseOutgoingCall(service: CallingService, registration: Registration, body: Record<string, unknown>): OutgoingCallRequest {
  const target = objectField(body, 'target', '{"phoneNumber": "+14255550123"}');
  const rawNumber = stringField(target, 'phoneNumber', '+14255550123');
  if (registration.persona === 'teamsUser') {
    throw new CallingError('teamsPersona', 'A Teams-persona agent (MicrosoftTeamsUser) cannot place calls on behalf of a resource account; use the Teams extension token.');
  }
  const isEmergencyCall = isEmergencyNumber(rawNumber);
  if (!isEmergencyCall && !isE164(rawNumber)) {
    throw new CallingError('notE164', `${JSON.stringify(rawNumber)} is not an E.164 number such as +14255550123, nor an emergency number (911, 112, 999, 933).`);
  }

  if (body.onBehalfOf === undefined || body.onBehalfOf === null) {
    throw new CallingError('resourceAccountNotLinked', 'A Teams extension agent calls on behalf of a resource account: send "onBehalfOf": {"teamsAppId": "<resource account object id>"}.');
  }
  const teamsAppId = stringField(objectField(body, 'onBehalfOf', '{"teamsAppId": "<resource account object id>"}'), 'teamsAppId', 'the resource account object id');
  if (body.customContext !== undefined && body.customContext !== null) throw new CallingError('customContextOnBehalfOf');

  const resourceAccount = resourceAccountById(service.ctx, teamsAppId);
  if (!resourceAccount) throw new CallingError('resourceAccountNotLinked', `No resource account has the object id ${teamsAppId}.`);
  const refusal = resourceAccountRefusal(service.ctx, resourceAccount);
  if (refusal) throw new CallingError(refusal, `${resourceAccount.userPrincipalName}: ${CALL_CODES[refusal].message}`);
  // One ACS resource links every customer's lines, but an agent calls for its own tenant's only.
  if (tenantOfResourceAccount(service.ctx, resourceAccount) !== registration.tid) {
    throw new CallingError('resourceAccountNotLinked', `${resourceAccount.userPrincipalName} is a line of another tenant than the agent's (${registration.tid}).`);
  }
  return { target: normalisePhoneNumber(rawNumber), resourceAccount, isEmergencyCall };
}
