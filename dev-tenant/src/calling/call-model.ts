import type { FixtureResourceAccount } from '../fixture.js';
import type { AgentCallRecord } from './agent-call-record.js';
import type { EndReason } from './call-codes.js';
import type { CallObservation } from './observation.js';

/** The far end's view of a call: what `/.dev/calls` shows. */
export type FarEndState = 'Connecting' | 'Ringing' | 'Connected' | 'Disconnected';
/** An agent's view of its part of a call: an SDK `CallState`. */
export type LegState = FarEndState | 'LocalHold';

/** One agent's part in a call. */
export interface Leg {
  agentId: string;
  oid: string;
  /** The registration's raw id: a later registration of the same agent has the same one. */
  identity: string;
}

export interface TransferRecord {
  target: string;
  state: 'Transferring' | 'Transferred' | 'Failed';
}

export interface Call {
  id: string;
  direction: 'inbound' | 'outbound';
  state: FarEndState;
  /** E.164, without `tel:`. */
  from: string;
  to: string;
  callerDisplayName?: string;
  resourceAccount: FixtureResourceAccount;
  /** Who took or placed the call; kept after they leave it, so the observation says who it was. */
  agent?: Leg;
  /** The agent on the call now; none once they hung up or transferred it away. */
  holder?: Leg;
  /** Agents offered the call and not yet answering, by agentId. */
  ringing: Map<string, Leg>;
  /** Who handed the call on, for the `incomingCall` event of a transfer. */
  transferor?: { rawId: string; displayName: string };
  dtmf: string;
  /** Others on the far end's side who joined the call (E.164), beside the caller or callee: a conference. */
  joined: string[];
  onHold: boolean;
  agentMuted: boolean;
  transfer?: TransferRecord;
  endReason?: EndReason;
  /** When it ended, ms since the epoch. */
  endedAt?: number;
  isEmergencyCall: boolean;
}

/** The holder's `CallState`: the far end's state, except that a held call is LocalHold for the agent. */
export function holderState(call: Call): LegState {
  return call.state === 'Connected' && call.onHold ? 'LocalHold' : call.state;
}

/** What the far end's observation and the agent's record of a call both say first. */
function callBasics(call: Call) {
  return {
    callId: call.id,
    direction: call.direction,
    state: call.state,
    from: call.from,
    to: call.to,
    resourceAccountId: call.resourceAccount.id,
  };
}

export function observation(call: Call): CallObservation {
  return {
    ...callBasics(call),
    ...(call.agent ? { agent: { oid: call.agent.oid, agentId: call.agent.agentId } } : {}),
    ringing: [...new Set([...call.ringing.values()].map((leg) => leg.oid))],
    dtmf: call.dtmf,
    ...(call.joined.length ? { joined: [...call.joined] } : {}),
    onHold: call.onHold,
    agentMuted: call.agentMuted,
    ...(call.transfer ? { transfer: { ...call.transfer } } : {}),
    ...(call.endReason ? { endReason: { ...call.endReason } } : {}),
    isEmergencyCall: call.isEmergencyCall,
  };
}

/** The call as its agent's identity sees it afterwards; `endsAt` while the endpoint holding it is away. */
export function agentCallRecord(call: Call, endsAt?: number): AgentCallRecord {
  return {
    ...callBasics(call),
    agentId: call.agent!.agentId,
    ...(call.endReason ? { endReason: { ...call.endReason } } : {}),
    ...(call.endedAt !== undefined ? { endedOn: new Date(call.endedAt).toISOString() } : {}),
    ...(endsAt !== undefined && call.state !== 'Disconnected' ? { endsOn: new Date(endsAt).toISOString() } : {}),
  };
}
