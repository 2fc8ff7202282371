import { randomUUID } from 'node:crypto';
import type { DevTenantContext } from '../context.js';
import type { FixtureResourceAccount } from '../fixture.js';
import { CallingError, endReason, type CallCodeName, type EndReason } from './call-codes.js';
import { holderState, type Call, type Leg } from './call-model.js';
import { normalisePhoneNumber } from './phone-numbers.js';
import type { Registration, Registrations } from './registrations.js';
import { canTakeCalls, nobodyToRing, resourceAccountByNumber, resourceAccountRefusal, tenantOfResourceAccount } from './ringing-rules.js';

export interface IncomingCallRequest {
  from: string;
  to: string;
  displayName?: string;
}

export interface OutgoingCallRequest {
  target: string;
  resourceAccount: FixtureResourceAccount;
  isEmergencyCall: boolean;
}

const legOf = (registration: Registration): Leg => ({ agentId: registration.agentId, oid: registration.oid, identity: registration.identity });

/** Every call the dev tenant has seen, and the transitions the far end and the agents share. */
export class Calls {
  readonly #ctx: DevTenantContext;
  readonly #agents: Registrations;
  readonly #byId = new Map<string, Call>();

  constructor(ctx: DevTenantContext, agents: Registrations) {
    this.#ctx = ctx;
    this.#agents = agents;
  }

  /** Observations come newest first. */
  all(): Call[] {
    return [...this.#byId.values()].reverse();
  }

  find(callId: string): Call {
    const call = this.#byId.get(callId);
    if (!call) throw new CallingError('callNotFound', `No call has the id ${callId}.`);
    return call;
  }

  /** The call as one agent may act on it: ringing for them, or theirs. */
  findFor(registration: Registration, callId: string): Call {
    const call = this.#byId.get(callId);
    if (!call || !(call.ringing.has(registration.agentId) || call.holder?.agentId === registration.agentId)) {
      throw new CallingError('callNotFound', `Agent ${registration.agentId} has no call ${callId}, or that call has ended for them.`);
    }
    return call;
  }

  clear(): void {
    this.#byId.clear();
  }

  /** The calls an identity took or placed (through any of its registrations) that are live or ended since `since`, newest first. */
  recentOf(identity: string, since: number): Call[] {
    return this.all().filter((call) => call.agent?.identity === identity && (call.state !== 'Disconnected' || (call.endedAt ?? 0) >= since));
  }

  /** A PSTN caller dials a resource account's number: ACS's rules decide who rings, or why nobody does. */
  ringIn(request: IncomingCallRequest): Call {
    const resourceAccount = resourceAccountByNumber(this.#ctx, request.to);
    if (!resourceAccount) throw new CallingError('numberNotFound', `No resource account has the number ${normalisePhoneNumber(request.to)}.`);
    const call = this.#create({
      direction: 'inbound',
      state: 'Ringing',
      from: normalisePhoneNumber(request.from),
      to: normalisePhoneNumber(resourceAccount.phoneNumber),
      callerDisplayName: request.displayName,
      resourceAccount,
      isEmergencyCall: false,
    });
    const refusal = resourceAccountRefusal(this.#ctx, resourceAccount);
    if (refusal) {
      this.end(call, endReason(refusal));
      return call;
    }
    // A customer's line rings that customer's agents only, though one ACS resource serves every customer.
    const tenantId = tenantOfResourceAccount(this.#ctx, resourceAccount);
    const agents = this.#agents.all().filter((r) => r.tid === tenantId && canTakeCalls(this.#ctx, r));
    if (agents.length === 0) this.end(call, endReason(nobodyToRing(this.#agents.online())));
    else this.offer(call, agents);
    return call;
  }

  /** An agent places a call for a resource account; it rings at the far end once the agent has the call id. */
  placeCall(registration: Registration, request: OutgoingCallRequest): Call {
    const leg = legOf(registration);
    return this.#create({
      direction: 'outbound',
      state: 'Connecting',
      from: normalisePhoneNumber(request.resourceAccount.phoneNumber),
      to: request.target,
      resourceAccount: request.resourceAccount,
      agent: leg,
      holder: leg,
      isEmergencyCall: request.isEmergencyCall,
    });
  }

  startRinging(call: Call): void {
    // The far end may have answered or hung up in the meantime.
    if (call.state !== 'Connecting') return;
    call.state = 'Ringing';
    this.tellHolder(call);
  }

  /** Rings every agent given, at once. */
  offer(call: Call, agents: Registration[]): void {
    call.state = 'Ringing';
    const { resourceAccount: ra } = call;
    for (const agent of agents) {
      call.ringing.set(agent.agentId, legOf(agent));
      this.#agents.send(agent.agentId, 'incomingCall', {
        callId: call.id,
        from: { phoneNumber: call.from, ...(call.callerDisplayName ? { displayName: call.callerDisplayName } : {}) },
        resourceAccount: { id: ra.id, displayName: ra.displayName, phoneNumber: normalisePhoneNumber(ra.phoneNumber) },
        ...(call.transferor ? { transferor: call.transferor } : {}),
      });
    }
  }

  /**
   * A new endpoint of an identity that calls are ringing (another tab took the phone over, a page reloaded) rings
   * for them too, as every endpoint a user has signed in rings: the call is not lost between one endpoint going
   * and the next arriving.
   */
  offerRingingTo(registration: Registration): void {
    for (const call of this.all()) {
      if (call.state !== 'Ringing' || call.direction !== 'inbound' || call.ringing.has(registration.agentId)) continue;
      if ([...call.ringing.values()].some((leg) => leg.identity === registration.identity)) this.offer(call, [registration]);
    }
  }

  /** One agent takes a ringing call; everyone else's ringing ends as answered elsewhere. */
  accept(call: Call, registration: Registration): void {
    this.stopRinging(call, 'answeredElsewhere', registration.agentId);
    call.agent = call.holder = legOf(registration);
    call.state = 'Connected';
    call.onHold = false;
    this.tellHolder(call);
  }

  /** One ringing agent declines; when nobody is left ringing, the caller hears the decline. */
  decline(call: Call, registration: Registration): void {
    call.ringing.delete(registration.agentId);
    this.tellState(registration.agentId, call, 'Disconnected', endReason('declined'));
    if (call.ringing.size === 0) this.end(call, endReason('declined'));
  }

  /**
   * The agent ends their part. A call of two parties ends for both; one that others joined goes on without the
   * agent, unless the agent ends it `forEveryone`.
   */
  hangUp(call: Call, forEveryone = false): void {
    const holder = call.holder;
    if (call.state === 'Connected' && call.joined.length && !forEveryone) call.holder = undefined;
    else this.end(call, endReason('hungUp'));
    if (holder) this.tellState(holder.agentId, call, 'Disconnected', endReason('hungUp'));
  }

  /** Someone else joins a connected call on the far end's side (the caller conferences them in); the agent is told. */
  join(call: Call, phoneNumber: string): void {
    if (call.state !== 'Connected') throw new CallingError('invalidCallState', `Only a connected call can be joined; call ${call.id} is ${call.state}.`);
    call.joined.push(phoneNumber);
    if (call.holder) this.#agents.send(call.holder.agentId, 'participants', { callId: call.id, added: [{ phoneNumber }], removed: [] });
  }

  /** The far end answers an outgoing call. */
  answer(call: Call): void {
    if (call.direction !== 'outbound' || (call.state !== 'Connecting' && call.state !== 'Ringing')) {
      throw new CallingError('invalidCallState', `Only a ringing outgoing call can be answered; call ${call.id} is ${call.direction} and ${call.state}.`);
    }
    call.state = 'Connected';
    this.tellHolder(call);
  }

  /** The far end hangs up: it gives up on a ringing inbound call, declines an unanswered outgoing one. */
  farEndHangUp(call: Call): void {
    if (call.state === 'Disconnected') throw new CallingError('invalidCallState', `Call ${call.id} has already ended.`);
    const reason: CallCodeName = call.state === 'Connected' ? 'hungUp' : call.direction === 'inbound' ? 'callerGaveUp' : 'declined';
    const holder = call.holder;
    this.stopRinging(call, reason);
    this.end(call, endReason(reason));
    if (holder) this.tellState(holder.agentId, call, 'Disconnected', endReason(reason));
  }

  /** An agent unregistered: its calls end, its ringing stops (and a call nobody else rings finds nobody). */
  agentGone(registration: Registration): void {
    for (const call of this.#byId.values()) {
      if (call.state === 'Disconnected') continue;
      if (call.holder?.agentId === registration.agentId) this.end(call, endReason('hungUp'));
      else if (call.ringing.delete(registration.agentId) && call.ringing.size === 0) this.end(call, endReason('noAgentAvailable'));
    }
  }

  /**
   * An agent's endpoint went away and its grace ran out: the calls it holds end for the far end with
   * `reason`, and it stops ringing; a call it was the last to ring ends as its callee lost. Nothing is told
   * to the agent: it is not there to hear it.
   */
  endpointLost(registration: Registration, reason: 'endpointLost' | 'endpointTokenLapsed'): void {
    for (const call of this.#byId.values()) {
      if (call.state === 'Disconnected') continue;
      if (call.holder?.agentId === registration.agentId) this.end(call, endReason(reason));
      else if (call.ringing.delete(registration.agentId) && call.ringing.size === 0) {
        this.end(call, endReason('ringingEndpointLost'));
      }
    }
  }

  /** Ends every ringing agent's offer with `reason`, except the one who answered. */
  stopRinging(call: Call, reason: CallCodeName, except?: string): void {
    for (const agentId of call.ringing.keys()) {
      if (agentId !== except) this.tellState(agentId, call, 'Disconnected', endReason(reason));
    }
    call.ringing.clear();
  }

  /** The call is over for the far end. */
  end(call: Call, reason: EndReason): void {
    call.state = 'Disconnected';
    call.endReason = reason;
    call.endedAt = Date.now();
    call.holder = undefined;
    call.onHold = false;
    call.ringing.clear();
  }

  tellHolder(call: Call): void {
    if (call.holder) this.tellState(call.holder.agentId, call, holderState(call));
  }

  tellState(agentId: string, call: Call, state: string, reason?: EndReason): void {
    this.#agents.send(agentId, 'callState', { callId: call.id, state, ...(reason ? { endReason: reason } : {}) });
  }

  tellTransfer(agentId: string, call: Call, state: 'Transferring' | 'Transferred' | 'Failed', error?: EndReason): void {
    this.#agents.send(agentId, 'transfer', { callId: call.id, state, ...(error ? { error } : {}) });
  }

  #create(fields: Omit<Call, 'id' | 'ringing' | 'dtmf' | 'joined' | 'onHold' | 'agentMuted'>): Call {
    const call: Call = { id: randomUUID(), ringing: new Map(), dtmf: '', joined: [], onHold: false, agentMuted: false, ...fields };
    this.#byId.set(call.id, call);
    return call;
  }
}
