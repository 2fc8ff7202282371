/**
 * Every result the calling service reports, as the Calling SDK reports it: `code` is an HTTP-like status
 * (0 for a call that ended as expected) and `subCode` the exact reason. Refusals go back as the HTTP
 * status of the request, end reasons as `endReason` in `callState` events and observations.
 *
 * Sub-codes below 49000 are ACS's own. The 49xxx ones are the dev tenant's: ACS has no sub-code for a
 * malformed request to paths that exist only here, and a distinct number still lets a test tell the
 * causes apart.
 */
export interface CallCode {
  code: number;
  subCode: number;
  /** One word, the error's `code` in an error body. */
  name: string;
  message: string;
}

export const CALL_CODES = {
  // How a call, or one agent's part in it, ends.
  hungUp: { code: 0, subCode: 0, name: 'CallEnded', message: 'The call ended normally.' },
  declined: { code: 603, subCode: 0, name: 'CallDeclined', message: 'The call was declined.' },
  callerGaveUp: { code: 487, subCode: 0, name: 'CallCanceled', message: 'The caller hung up before anyone answered.' },
  answeredElsewhere: { code: 0, subCode: 10003, name: 'AnsweredElsewhere', message: 'Another agent answered the call.' },
  transferredAway: { code: 0, subCode: 7015, name: 'CallTransferred', message: 'The call was transferred away.' },
  // An endpoint whose event stream closed and did not come back within the grace (see endpoint-grace.ts).
  // ACS's 0/4521 is this case by its own words: "user disconnected from the call abruptly ... closing the
  // browser tab without proper hang-up". Not 410/301005: that is what the removed participant is told about
  // losing its own media; nor the bare 408 "call controller timed out", which names no cause.
  endpointLost: {
    code: 0,
    subCode: 4521,
    name: 'CallEndedAbruptly',
    message: "The agent's endpoint went away without hanging up (page closed or reloaded, network lost) and did not come back in time.",
  },
  // The same, when the endpoint's registered token had expired without a renewal: ACS's 495/4507, "the
  // application didn't provide a valid ACS token".
  endpointTokenLapsed: {
    code: 495,
    subCode: 4507,
    name: 'CallEndedTokenExpired',
    message: "The agent's endpoint let its ACS token expire without renewing it and did not come back in time.",
  },
  // A call left ringing nobody because the endpoints it rang went away: ACS's 408/10057, "callee failed to
  // finalize call setup, most likely callee lost network or terminated the application abruptly". The same
  // code as teamsPersona below: ACS gives both causes one code.
  ringingEndpointLost: {
    code: 408,
    subCode: 10057,
    name: 'CalleeEndpointLost',
    message: 'The agent endpoints the call rang went away before answering.',
  },

  // ACS's refusals (Teams Phone extensibility).
  resourceAccountNotLinked: {
    code: 403,
    subCode: 46401,
    name: 'ResourceAccountNotLinked',
    message: 'The resource account is not linked to this ACS resource (no resource-account assignment, or bound to another ACS resource).',
  },
  resourceAccountOtherApp: {
    code: 403,
    subCode: 10105,
    name: 'ResourceAccountBoundToOtherApp',
    message: 'The resource account is bound to another application, a bot without the Teams channel.',
  },
  teamsPersona: {
    code: 408,
    subCode: 10057,
    name: 'TeamsPersonaNotSupported',
    message: 'A Teams-persona (MicrosoftTeamsUser) agent cannot take or place calls for a resource account.',
  },
  noAgentAvailable: { code: 480, subCode: 10037, name: 'NoAgentAvailable', message: 'No assigned agent is online to take the call.' },
  customContextOnBehalfOf: {
    code: 412,
    subCode: 46400,
    name: 'CustomContextNotAllowed',
    message: 'A call placed on behalf of a resource account cannot carry customContext.',
  },
  notE164: {
    code: 400,
    subCode: 46402,
    name: 'InvalidPhoneNumber',
    message: 'The target must be an E.164 number such as +14255550100 (or an emergency number: 911, 112, 999, 933).',
  },
  emergencyRestriction: { code: 403, subCode: 46403, name: 'EmergencyCallRestriction', message: 'Hold, mute and transfer are not allowed during an emergency call.' },
  plainAcsUser: {
    code: 403,
    subCode: 40231,
    name: 'AcsUserNotSupported',
    message: 'A plain ACS user cannot be a TeamsCallAgent: exchange an Entra token for a Teams extension or Teams user token.',
  },

  // The dev tenant's own.
  badRequest: { code: 400, subCode: 49000, name: 'BadRequest', message: 'The request is not valid.' },
  missingToken: { code: 401, subCode: 49001, name: 'MissingBearerToken', message: 'Send the ACS access token as "Authorization: Bearer <token>".' },
  invalidToken: { code: 401, subCode: 49002, name: 'InvalidToken', message: 'The ACS access token is not one this dev tenant issued.' },
  tokenExpired: { code: 401, subCode: 49003, name: 'TokenExpired', message: 'The ACS access token has expired.' },
  // The agent consent the token was exchanged under was removed (or no longer names the client app). ACS
  // publishes no calling code for a revoked token; 401 is what it answers for any token it will not take.
  tokenRevoked: {
    code: 401,
    subCode: 49014,
    name: 'TokenRevoked',
    message: "The ACS access token was revoked: the agent's Teams extension assignment was removed. An admin must grant it again, then exchange a new token.",
  },
  noVoipScope: { code: 403, subCode: 49004, name: 'VoipScopeMissing', message: 'The ACS access token lacks the voip scope.' },
  identityMismatch: { code: 403, subCode: 49005, name: 'IdentityMismatch', message: 'The token is for another identity than the registration.' },
  // ACS documents no code for an endpoint's own lapsed registration (the SDK re-registers by itself); its
  // 480/10078 "endpoint not registered" is what a caller hears about such an endpoint. So: 404, the REST
  // answer for a resource that is not there, with our sub-code; one answer whether the id never existed,
  // was unregistered, dropped after its endpoint was lost or forgotten, as the remedy is the same and a
  // service that lost its state could not tell them apart.
  agentNotFound: { code: 404, subCode: 49006, name: 'AgentNotFound', message: 'No agent is registered with that id; register again.' },
  callNotFound: { code: 404, subCode: 49007, name: 'CallNotFound', message: 'No such call.' },
  numberNotFound: { code: 404, subCode: 49008, name: 'NumberNotFound', message: 'No resource account has that phone number.' },
  unknownAction: { code: 404, subCode: 49009, name: 'UnknownAction', message: 'No such call action.' },
  invalidCallState: { code: 409, subCode: 49010, name: 'InvalidCallState', message: 'The call is not in a state that allows this.' },
  outage: { code: 503, subCode: 49011, name: 'ServiceUnavailable', message: 'The calling service is in a simulated outage.' },
  noRoute: { code: 404, subCode: 49013, name: 'NotFound', message: 'No such calling route.' },
  internal: { code: 500, subCode: 49012, name: 'InternalServerError', message: 'The dev tenant failed to handle the request.' },
} as const satisfies Record<string, CallCode>;

export type CallCodeName = keyof typeof CALL_CODES;

/** How a call or a leg ended, as events and observations carry it. */
export interface EndReason {
  code: number;
  subCode: number;
}

export function endReason(name: CallCodeName): EndReason {
  const { code, subCode } = CALL_CODES[name];
  return { code, subCode };
}

/** A refusal: the HTTP status is the SDK's `code`, the body names the sub-code. */
export class CallingError extends Error {
  readonly status: number;
  readonly subCode: number;
  readonly word: string;

  /** `detail` replaces the generic sentence where the caller can say exactly what was wrong. */
  constructor(name: CallCodeName, detail?: string) {
    const known: CallCode = CALL_CODES[name];
    super(detail ?? known.message);
    this.status = known.code;
    this.subCode = known.subCode;
    this.word = known.name;
  }

  body() {
    return { error: { code: this.word, message: this.message, subCode: this.subCode } };
  }
}

export const badRequest = (message: string) => new CallingError('badRequest', message);
