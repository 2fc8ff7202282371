import type { CallEndReason, CallState, ConnectionState, StartTeamsCallOptions } from '@azure/communication-calling';
import { createIdentifierFromRawId, type CommunicationTokenCredential, type PhoneNumberIdentifier } from '@azure/communication-common';
import { RESOURCE_ACCOUNT_HEADER, type SdkTeamsCallAgent } from '../calling/calling-sdk.js';
import { CallMedia } from './call-media.js';
import { TOKEN_ERRORS, type CallingCommunicationError } from './calling-error.js';
import type { SimDeviceManager } from './device-manager.js';
import { Emitter } from './emitter.js';
import { Signalling, type ConnectionReason } from './signalling.js';
import { SimTeamsCall, type CallCommand, type CallLine } from './teams-call.js';
import { SimTeamsIncomingCall } from './teams-incoming-call.js';

/** ACS's end code for a call whose endpoint went away without hanging up ("user disconnected … abruptly"). */
const LOST_WITH_ENDPOINT: Readonly<CallEndReason> = { code: 0, subCode: 4521 };

interface IncomingCallEvent {
  callId: string;
  from: { phoneNumber: string; displayName?: string };
  resourceAccount: { id: string; displayName: string; phoneNumber: string };
  transferor?: { rawId: string; displayName?: string };
}

/** The SDK's TeamsCallAgent on the dev tenant's calling service: incoming calls, outgoing calls, connection state. */
export class SimTeamsCallAgent extends Emitter implements SdkTeamsCallAgent {
  readonly kind = 'TeamsCallAgent';
  connectionState: ConnectionState = 'Disconnected';
  calls: SimTeamsCall[] = [];
  readonly #incoming = new Map<string, SimTeamsIncomingCall>();
  /** Events for an outgoing call that arrive before the service's answer named it. */
  readonly #early = new Map<string, Array<Record<string, unknown>>>();
  readonly #signalling: Signalling;
  #disposed = false;

  constructor(
    endpoint: string,
    credential: CommunicationTokenCredential,
    private readonly devices: SimDeviceManager,
  ) {
    super();
    this.#signalling = new Signalling(endpoint, credential, {
      event: (name, data) => this.#onEvent(name, data),
      connection: (connected, reason) => this.#onConnection(connected, reason),
      registrationLost: () => this.#onRegistrationLost(),
    });
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Registers with the service and opens the event stream (what `createTeamsCallAgent` waits for). */
  async start(): Promise<void> {
    await this.#signalling.register();
    await this.#signalling.connect();
  }

  startCall(participant: PhoneNumberIdentifier, options?: StartTeamsCallOptions): SimTeamsCall {
    if (Array.isArray(participant)) throw TOKEN_ERRORS.groupCall();
    if (options?.customContext && options.onBehalfOfOptions) throw TOKEN_ERRORS.customContext();
    const phoneNumber = participant.phoneNumber;
    const callerInfo = { identifier: { kind: 'phoneNumber' as const, phoneNumber, rawId: `4:${phoneNumber}` } };
    const call = new SimTeamsCall(`local-${crypto.randomUUID()}`, 'Outgoing', callerInfo, false, this.#line());
    this.#add(call);
    call.setState('Connecting');
    const onBehalfOf = options?.onBehalfOfOptions?.userId as { teamsAppId?: string } | undefined;
    const body = {
      target: { phoneNumber },
      ...(onBehalfOf?.teamsAppId ? { onBehalfOf: { teamsAppId: onBehalfOf.teamsAppId } } : {}),
      ...(options?.customContext ? { customContext: options.customContext } : {}),
    };
    this.#signalling
      .request<{ callId: string; isEmergencyCall?: boolean }>('POST', `/calling/agents/${this.#signalling.agentId}/calls`, body)
      .then(({ callId, isEmergencyCall }) => {
        call.assignId(callId, isEmergencyCall === true);
        for (const data of this.#early.get(callId) ?? []) this.#onCallState(data);
        this.#early.delete(callId);
      })
      .catch((error: CallingCommunicationError) => call.setState('Disconnected', { code: error.code ?? 500, subCode: error.subCode ?? 0 }));
    return call;
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#signalling.close();
    for (const call of [...this.calls]) call.setState('Disconnected', { code: 0, subCode: 0 });
    for (const incoming of this.#incoming.values()) incoming.end({ code: 0, subCode: 0 });
    this.#incoming.clear();
    this.#early.clear();
    this.connectionState = 'Disconnected';
  }

  readonly #command: CallCommand = (callId, action, body) =>
    this.#signalling.request('POST', `/calling/agents/${this.#signalling.agentId}/calls/${callId}/${action}`, body ?? {});

  /** What one call needs from this agent: the service, media of its own, and word when it ends. */
  #line(): CallLine {
    return {
      command: this.#command,
      media: new CallMedia(this.devices),
      ended: (call) => this.#remove(call),
    };
  }

  #add(call: SimTeamsCall): void {
    this.calls = [...this.calls, call];
    this.emit('callsUpdated', { added: [call], removed: [] });
  }

  #remove(call: SimTeamsCall): void {
    if (!this.calls.includes(call)) return;
    this.calls = this.calls.filter((c) => c !== call);
    this.emit('callsUpdated', { added: [], removed: [call] });
  }

  async #accept(incoming: SimTeamsIncomingCall): Promise<SimTeamsCall> {
    await this.#command(incoming.id, 'accept');
    this.#incoming.delete(incoming.id);
    const call = new SimTeamsCall(incoming.id, 'Incoming', incoming.callerInfo, false, this.#line());
    this.#add(call);
    call.setState('Connected');
    return call;
  }

  async #reject(incoming: SimTeamsIncomingCall): Promise<void> {
    this.#incoming.delete(incoming.id);
    await this.#command(incoming.id, 'reject');
  }

  #onConnection(connected: boolean, reason?: ConnectionReason): void {
    const oldValue = this.connectionState;
    const newValue: ConnectionState = connected ? 'Connected' : 'Disconnected';
    // A line already down whose token is then refused says so (the owner must get a new token, not wait): whether the
    // SDK itself does is not documented; <tpe-call-agent> also rebuilds a phone left reconnecting past its bound.
    if ((oldValue === newValue && reason !== 'invalidToken') || this.#disposed) return;
    this.connectionState = newValue;
    this.emit('connectionStateChanged', { newValue, oldValue, ...(reason ? { reason } : {}) });
  }

  /**
   * The service forgot this endpoint, and with it every call and ringing it held (the far end hears them
   * end when the endpoint's grace lapses): they end here too, as a call on an endpoint that went away, 0/4521.
   */
  #onRegistrationLost(): void {
    if (this.#disposed) return;
    for (const call of [...this.calls]) call.setState('Disconnected', LOST_WITH_ENDPOINT);
    for (const incoming of [...this.#incoming.values()]) incoming.end(LOST_WITH_ENDPOINT);
    this.#incoming.clear();
    this.#early.clear();
  }

  #onEvent(name: string, data: Record<string, unknown>): void {
    if (this.#disposed) return;
    if (name === 'incomingCall') this.#onIncoming(data as unknown as IncomingCallEvent);
    else if (name === 'callState') this.#onCallState(data);
    else if (name === 'participants') {
      const call = this.calls.find((c) => c.id === data.callId);
      const numbers = (list: unknown) => ((list as Array<{ phoneNumber: string }> | undefined) ?? []).map((p) => p.phoneNumber);
      call?.participantsChanged(numbers(data.added), numbers(data.removed));
    } else if (name === 'transfer') {
      const call = this.calls.find((c) => c.id === data.callId);
      call?.transferEvent(data.state as 'Transferring', data.error as { code: number; subCode: number } | undefined);
    }
  }

  #onIncoming(event: IncomingCallEvent): void {
    const callerInfo = {
      identifier: { kind: 'phoneNumber' as const, phoneNumber: event.from.phoneNumber, rawId: `4:${event.from.phoneNumber}` },
      displayName: event.from.displayName,
    };
    const transferorInfo = event.transferor ? { identifier: createIdentifierFromRawId(event.transferor.rawId), displayName: event.transferor.displayName } : undefined;
    const customContext = { sipHeaders: [{ key: RESOURCE_ACCOUNT_HEADER, value: event.resourceAccount.id }] };
    const incoming = new SimTeamsIncomingCall(
      event.callId,
      callerInfo,
      customContext,
      transferorInfo,
      (call) => this.#accept(call),
      (call) => this.#reject(call),
    );
    this.#incoming.set(event.callId, incoming);
    this.emit('incomingCall', { incomingCall: incoming });
  }

  #onCallState(data: Record<string, unknown>): void {
    const callId = String(data.callId);
    const state = data.state as CallState;
    const endReason = data.endReason as CallEndReason | undefined;
    const call = this.calls.find((c) => c.id === callId);
    if (call) return call.setState(state, endReason);
    const incoming = this.#incoming.get(callId);
    if (incoming) {
      if (state === 'Disconnected') {
        this.#incoming.delete(callId);
        incoming.end(endReason ?? { code: 0, subCode: 0 });
      }
      return;
    }
    // An outgoing call's first events can overtake the answer that names it; keep a few for it.
    const waiting = this.calls.some((c) => c.id.startsWith('local-'));
    if (waiting) this.#early.set(callId, [...(this.#early.get(callId) ?? []), data].slice(-10));
  }
}
