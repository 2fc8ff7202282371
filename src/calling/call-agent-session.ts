import { createIdentifierFromRawId, isPhoneNumberIdentifier } from '@azure/communication-common';
import { tpeError } from '../messages/error-words.js';
import { errorsCallingEn } from '../messages/errors.calling.en.js';
import type { CallAction } from '../messages/errors.en.js';
import type { TpeErrorDetail } from '../tpe-error.js';
import { callingError, endReasonError, endReasonText, isMissed, microphoneDenied } from './call-errors.js';
import {
  RESOURCE_ACCOUNT_HEADER,
  type AudioDeviceInfo,
  type CallEndReason,
  type CallingSdk,
  type CallState,
  type DtmfTone,
  type SdkCallClient,
  type SdkDeviceManager,
  type SdkTeamsCall,
  type SdkTeamsCallAgent,
  type SdkTeamsIncomingCall,
} from './calling-sdk.js';
import { normalizePhoneNumber } from './phone-number.js';
import { RenewingTokenCredential, type AcsTokenSource } from './renewing-token-credential.js';

export type { AcsToken, AcsTokenSource } from './renewing-token-credential.js';

export interface IncomingCallInfo {
  id: string;
  callerNumber?: string;
  callerName?: string;
  /** The resource account the call came in on, when the service says so (the simulator does). */
  resourceAccountId?: string;
  transferredBy?: string;
}

export interface ActiveCallInfo {
  id: string;
  state: CallState;
  direction: 'Incoming' | 'Outgoing';
  remoteNumber?: string;
  remoteName?: string;
  muted: boolean;
  emergency: boolean;
  /** When the call was first connected (ms since epoch), for the timer. */
  connectedAt?: number;
  /** The resource account the call came in on (an answered call keeps its ringing's) or is made on behalf of. */
  resourceAccountId?: string;
  /** The DTMF tones the SDK accepted in this call, in the order sent. */
  tones: DtmfTone[];
  /** How many others are in the call (the SDK's `remoteParticipants`): more than one, and hanging up is not ending it. */
  remoteParticipants: number;
}

/** How a call (or its ringing) ended, said for people; `problem` when the agent should act on it. */
export interface CallEnding {
  code: number;
  subCode: number;
  reason: string;
  problem?: TpeErrorDetail;
  /** It rang and nobody took it (the caller gave up, nobody answered). */
  missed?: boolean;
}

/** What the session tells its owner; every call happens after the SDK changed something. */
export interface SessionObserver {
  connection(connected: boolean, reason?: string): void;
  incoming(call: IncomingCallInfo): void;
  incomingEnded(id: string, ending: CallEnding): void;
  callState(call: ActiveCallInfo, previous: CallState): void;
  callEnded(call: ActiveCallInfo, ending: CallEnding): void;
  changed(): void;
  /** The session is disposed: nothing it reported rings any more. */
  disposed?(): void;
}

function ending(reason: CallEndReason | undefined): CallEnding {
  const problem = endReasonError(reason);
  return {
    code: reason?.code ?? 0,
    subCode: reason?.subCode ?? 0,
    reason: endReasonText(reason),
    ...(problem ? { problem } : {}),
    ...(isMissed(reason) ? { missed: true } : {}),
  };
}

const LIVE: readonly CallState[] = ['Connected', 'LocalHold', 'RemoteHold'];

/**
 * One agent's calling session, on whatever `CallingSdk` it is given (the real SDK or the simulator):
 * credential with proactive refresh → CallClient → TeamsCallAgent, then calls. The owner sees plain data
 * (IncomingCallInfo, ActiveCallInfo) and never an SDK object; `dispose()` leaves nothing behind.
 */
export class CallAgentSession {
  readonly #incoming = new Map<string, { call: SdkTeamsIncomingCall; info: IncomingCallInfo; off: () => void }>();
  readonly #calls = new Map<SdkTeamsCall, { info: ActiveCallInfo; off: () => void }>();
  readonly #offAgent: () => void;
  #devices?: Promise<SdkDeviceManager>;
  #disposed = false;
  /** The resource account of the call being placed, for the SDK's `callsUpdated` that may come before `startCall` returns. */
  #dialingFor?: string;

  private constructor(
    private readonly sdk: CallingSdk,
    private readonly client: SdkCallClient,
    private readonly agent: SdkTeamsCallAgent,
    private readonly credential: RenewingTokenCredential,
    private readonly observer: SessionObserver,
  ) {
    const onIncoming = ({ incomingCall }: { incomingCall: SdkTeamsIncomingCall }) => this.#trackIncoming(incomingCall);
    const onCalls = ({ added, removed }: { added: SdkTeamsCall[]; removed: SdkTeamsCall[] }) => {
      added.forEach((call) => this.#trackCall(call));
      removed.forEach((call) => this.#endCall(call));
    };
    const onConnection = ({ newValue, reason }: { newValue: string; reason?: string }) => observer.connection(newValue === 'Connected', reason);
    agent.on('incomingCall', onIncoming);
    agent.on('callsUpdated', onCalls);
    agent.on('connectionStateChanged', onConnection);
    this.#offAgent = () => {
      agent.off('incomingCall', onIncoming);
      agent.off('callsUpdated', onCalls);
      agent.off('connectionStateChanged', onConnection);
    };
  }

  /** Loads the SDK and gets the first token at the same time, then creates the agent. */
  static async start(sdkLoading: Promise<CallingSdk>, tokens: AcsTokenSource, observer: SessionObserver, signal: AbortSignal): Promise<CallAgentSession> {
    const [sdk, first] = await Promise.all([sdkLoading, tokens(signal)]);
    signal.throwIfAborted();
    // A renewal that fails while the current token is still good keeps it and tries again, so a brief outage on
    // a long shift never drops the agent; a token the SDK cannot read is refused by the SDK (44111).
    const credential = new RenewingTokenCredential(first, tokens);
    const client = new sdk.CallClient();
    let agent: SdkTeamsCallAgent | undefined;
    try {
      agent = await client.createTeamsCallAgent(credential);
    } catch (error) {
      await client.dispose().catch(() => undefined);
      credential.dispose();
      throw callingError(error, 'go online');
    }
    if (!agent) {
      await client.dispose().catch(() => undefined);
      credential.dispose();
      throw tpeError(errorsCallingEn, 'invalid-token', 'calling', { reason: 'incomplete' });
    }
    const session = new CallAgentSession(sdk, client, agent, credential, observer);
    if (signal.aborted) {
      await session.dispose();
      signal.throwIfAborted();
    }
    return session;
  }

  get connected(): boolean {
    return this.agent.connectionState === 'Connected';
  }

  get incomingCalls(): IncomingCallInfo[] {
    return [...this.#incoming.values()].map((entry) => entry.info);
  }

  /** The call the agent is in (at most one at a time in this element). */
  get activeCall(): ActiveCallInfo | undefined {
    return [...this.#calls.values()].map((entry) => entry.info).find((info) => info.state !== 'Disconnected');
  }

  async accept(id?: string): Promise<void> {
    const entry = this.#ringing(id);
    if (!entry) throw tpeError(errorsCallingEn, 'no-incoming-call', 'calling');
    await this.#requireMicrophone();
    try {
      await entry.call.accept();
    } catch (error) {
      throw callingError(error, 'answer the call');
    }
  }

  async decline(id?: string): Promise<void> {
    const entry = this.#ringing(id);
    if (!entry) return;
    try {
      await entry.call.reject();
    } catch (error) {
      throw callingError(error, 'decline the call');
    }
  }

  /** Dials a PSTN number on behalf of a resource account (the single-participant form TPE requires). */
  async dial(number: string, resourceAccountId: string): Promise<void> {
    const phoneNumber = normalizePhoneNumber(number);
    if (!resourceAccountId) throw tpeError(errorsCallingEn, 'no-resource-account', 'calling');
    await this.#requireMicrophone();
    this.#dialingFor = resourceAccountId;
    try {
      const call = this.agent.startCall({ phoneNumber }, { onBehalfOfOptions: { userId: { teamsAppId: resourceAccountId } } });
      const entry = this.#calls.get(call);
      if (entry && !entry.info.resourceAccountId) {
        entry.info.resourceAccountId = resourceAccountId;
        this.observer.changed();
      }
    } catch (error) {
      throw callingError(error, 'place the call');
    } finally {
      this.#dialingFor = undefined;
    }
  }

  hangUp(forEveryone = false): Promise<void> {
    return this.#act('hang up', (call) => call.hangUp({ forEveryone }));
  }

  mute(): Promise<void> {
    return this.#act('mute', (call) => call.mute());
  }

  unmute(): Promise<void> {
    return this.#act('unmute', (call) => call.unmute());
  }

  hold(): Promise<void> {
    return this.#act('hold the call', (call) => call.hold());
  }

  resume(): Promise<void> {
    return this.#act('resume the call', (call) => call.resume());
  }

  /** Sends a tone; once the SDK took it, the call's `tones` say so. */
  sendDtmf(tone: DtmfTone): Promise<void> {
    return this.#act('send the tone', async (call) => {
      await call.sendDtmf(tone);
      const entry = this.#calls.get(call);
      if (!entry) return;
      entry.info.tones = [...entry.info.tones, tone];
      this.observer.changed();
    });
  }

  /** Blind transfer to a phone number (E.164) or to another agent's raw id (`8:acs:…`, `8:orgid:…`). */
  async transfer(target: string): Promise<void> {
    const participant = target.trim().startsWith('8:') ? createIdentifierFromRawId(target.trim()) : { phoneNumber: normalizePhoneNumber(target) };
    await this.#act('transfer the call', (call) => {
      const transfer = call.feature(this.sdk.Features.Transfer).transfer({ targetParticipant: participant });
      return new Promise<void>((resolve, reject) => {
        const settle = () => {
          if (transfer.state === 'Transferred') resolve();
          else if (transfer.state === 'Failed') reject(Object.assign(new Error('Transfer failed'), transfer.error ?? {}));
          else return;
          transfer.off('stateChanged', settle);
        };
        transfer.on('stateChanged', settle);
        settle();
      });
    });
  }

  /** The far end's audio in the current call, once media flows. */
  async remoteAudio(): Promise<MediaStream | undefined> {
    return this.#liveCall()?.remoteAudioStreams[0]?.getMediaStream();
  }

  async microphones(): Promise<{ devices: AudioDeviceInfo[]; selected?: AudioDeviceInfo }> {
    const devices = await this.#deviceManager();
    return { devices: await devices.getMicrophones(), selected: devices.selectedMicrophone };
  }

  async speakers(): Promise<{ devices: AudioDeviceInfo[]; selected?: AudioDeviceInfo; available: boolean }> {
    const devices = await this.#deviceManager();
    return { devices: await devices.getSpeakers(), selected: devices.selectedSpeaker, available: devices.isSpeakerSelectionAvailable };
  }

  async selectMicrophone(device: AudioDeviceInfo): Promise<void> {
    await (await this.#deviceManager()).selectMicrophone(device);
  }

  async selectSpeaker(device: AudioDeviceInfo): Promise<void> {
    await (await this.#deviceManager()).selectSpeaker(device);
  }

  /** Hangs nothing up by itself: disposing the agent ends its calls, as the SDK does. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#offAgent();
    for (const entry of this.#incoming.values()) entry.off();
    for (const entry of this.#calls.values()) entry.off();
    this.#incoming.clear();
    this.#calls.clear();
    this.observer.disposed?.();
    try {
      await this.agent.dispose();
      await this.client.dispose();
    } finally {
      this.credential.dispose();
    }
  }

  /** The call named, or the first one ringing. */
  #ringing(id?: string) {
    return id ? this.#incoming.get(id) : this.#incoming.values().next().value;
  }

  #liveCall(): SdkTeamsCall | undefined {
    return [...this.#calls.keys()].find((c) => c.state !== 'Disconnected');
  }

  #deviceManager(): Promise<SdkDeviceManager> {
    return (this.#devices ??= this.client.getDeviceManager());
  }

  async #requireMicrophone(): Promise<void> {
    const access = await (await this.#deviceManager()).askDevicePermission({ audio: true, video: false });
    if (!access.audio) throw microphoneDenied();
  }

  async #act(doing: CallAction, action: (call: SdkTeamsCall) => Promise<void>): Promise<void> {
    const call = this.#liveCall();
    if (!call) throw tpeError(errorsCallingEn, 'no-call', 'calling');
    try {
      await action(call);
    } catch (error) {
      throw callingError(error, doing);
    }
  }

  #trackIncoming(call: SdkTeamsIncomingCall): void {
    const identifier = call.callerInfo.identifier;
    const resourceAccountId = (call as { customContext?: { sipHeaders?: Array<{ key: string; value: string }> } }).customContext?.sipHeaders?.find(
      (h) => h.key.toLowerCase() === RESOURCE_ACCOUNT_HEADER.toLowerCase(),
    )?.value;
    // Only what is known: the owner passes these fields on to the page as they are.
    const info = Object.fromEntries(
      Object.entries({
        id: call.id,
        callerNumber: identifier && isPhoneNumberIdentifier(identifier) ? identifier.phoneNumber : undefined,
        callerName: call.callerInfo.displayName,
        resourceAccountId,
        transferredBy: call.transferorInfo?.displayName,
      }).filter(([, v]) => v !== undefined),
    ) as unknown as IncomingCallInfo;
    const onEnded = ({ callEndReason }: { callEndReason: CallEndReason }) => {
      off();
      this.#incoming.delete(call.id);
      this.observer.incomingEnded(call.id, ending(callEndReason));
    };
    const off = () => call.off('callEnded', onEnded);
    call.on('callEnded', onEnded);
    this.#incoming.set(call.id, { call, info, off });
    this.observer.incoming(info);
  }

  #trackCall(call: SdkTeamsCall): void {
    // An accepted incoming call stops ringing without a callEnded event.
    const ringing = this.#incoming.get(call.id);
    if (ringing) {
      ringing.off();
      this.#incoming.delete(call.id);
    }
    const identifier = call.callerInfo.identifier;
    const info: ActiveCallInfo = {
      id: call.id,
      state: call.state,
      direction: call.direction,
      remoteNumber: identifier && isPhoneNumberIdentifier(identifier) ? identifier.phoneNumber : undefined,
      remoteName: call.callerInfo.displayName ?? ringing?.info.callerName,
      muted: call.isMuted,
      emergency: call.isEmergencyCall === true,
      resourceAccountId: ringing?.info.resourceAccountId ?? (call.direction === 'Outgoing' ? this.#dialingFor : undefined),
      tones: [],
      remoteParticipants: call.remoteParticipants.length,
    };
    const onState = () => {
      const previous = info.state;
      info.id = call.id;
      info.state = call.state;
      info.emergency = call.isEmergencyCall === true;
      if (LIVE.includes(call.state) && !info.connectedAt) info.connectedAt = Date.now();
      if (previous !== info.state) this.observer.callState({ ...info }, previous);
    };
    const onMuted = () => {
      info.muted = call.isMuted;
      this.observer.changed();
    };
    // An outgoing call is renamed once the service knows it.
    const onId = () => {
      info.id = call.id;
      this.observer.changed();
    };
    const onParticipants = () => {
      info.remoteParticipants = call.remoteParticipants.length;
      this.observer.changed();
    };
    call.on('stateChanged', onState);
    call.on('isMutedChanged', onMuted);
    call.on('idChanged', onId);
    call.on('remoteParticipantsUpdated', onParticipants);
    const off = () => {
      call.off('stateChanged', onState);
      call.off('isMutedChanged', onMuted);
      call.off('idChanged', onId);
      call.off('remoteParticipantsUpdated', onParticipants);
    };
    this.#calls.set(call, { info, off });
    if (LIVE.includes(call.state)) info.connectedAt = Date.now();
    if (call.state !== 'None') this.observer.callState({ ...info }, 'None');
  }

  #endCall(call: SdkTeamsCall): void {
    const entry = this.#calls.get(call);
    if (!entry) return;
    entry.off();
    this.#calls.delete(call);
    entry.info.state = 'Disconnected';
    this.observer.callEnded({ ...entry.info }, ending(call.callEndReason));
  }
}
// The ringer, the recovery and the microphone check come with the session: going online loads them in one import, and
// the first load carries none.
export { ringer } from './ringer.js';
export { PhoneRecovery } from './phone-recovery.js';
export { checkMicrophone } from './microphone-check.js';
export { watchMicrophones } from './microphone-watch.js';
