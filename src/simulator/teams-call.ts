import type { CallEndReason, CallerInfo, CallState, DtmfTone, HangUpOptions, RemoteParticipantState, TransferToParticipantLocator, TransferState } from '@azure/communication-calling';
import { getIdentifierRawId, isPhoneNumberIdentifier } from '@azure/communication-common';
import type { SdkRemoteParticipant, SdkTeamsCall, SdkTransfer, SdkTransferFeature } from '../calling/calling-sdk.js';
import type { CallMedia } from './call-media.js';
import { Emitter } from './emitter.js';

/** How a call object reaches the service: one action on one call. */
export type CallCommand = (callId: string, action: string, body?: Record<string, unknown>) => Promise<{ state?: CallState }>;

/** What a call needs from its agent: the service, its media, and someone to tell when it is over. */
export interface CallLine {
  command: CallCommand;
  media: CallMedia;
  ended(call: SimTeamsCall): void;
}

const ENDED: readonly CallState[] = ['Disconnecting', 'Disconnected'];

/** The SDK's RemoteParticipant: who the other party is and where they are in the call. */
class SimRemoteParticipant implements SdkRemoteParticipant {
  constructor(
    readonly identifier: NonNullable<CallerInfo['identifier']>,
    readonly displayName?: string,
    public state: RemoteParticipantState = 'Connecting',
  ) {}
}

/** The SDK's TeamsCall: state, end reason, mute, hold, DTMF, hang-up, remote participants, and the Transfer feature. */
export class SimTeamsCall extends Emitter implements SdkTeamsCall {
  readonly kind = 'TeamsCall';
  state: CallState = 'None';
  callEndReason?: CallEndReason;
  isMuted = false;
  /** A PSTN call's one other party, the far end, from the start (the SDK lists the callee while it rings) until it ends. */
  remoteParticipants: SimRemoteParticipant[];
  readonly #transfer: SimTransferFeature;
  #tones: Promise<unknown> = Promise.resolve();

  constructor(
    public id: string,
    readonly direction: 'Incoming' | 'Outgoing',
    readonly callerInfo: CallerInfo,
    public isEmergencyCall: boolean,
    private readonly line: CallLine,
  ) {
    super();
    this.#transfer = new SimTransferFeature(this, line.command);
    this.remoteParticipants = callerInfo.identifier ? [new SimRemoteParticipant(callerInfo.identifier, callerInfo.displayName)] : [];
  }

  private get command(): CallCommand {
    return this.line.command;
  }

  private get media(): CallMedia {
    return this.line.media;
  }

  /** The service named the call (an outgoing call has a local id until then), as the SDK's `idChanged`. */
  assignId(id: string, isEmergencyCall: boolean): void {
    this.isEmergencyCall = isEmergencyCall;
    if (id === this.id) return;
    this.id = id;
    this.emit('idChanged');
  }

  /** The far end's audio (the test tone) while connected, as `remoteAudioStreams[0].getMediaStream()` gives it. */
  get remoteAudioStreams(): ReadonlyArray<{ mediaStreamType: 'Audio'; getMediaStream(): Promise<MediaStream> }> {
    const stream = this.media.farEndStream;
    return stream ? [{ mediaStreamType: 'Audio', getMediaStream: async () => stream }] : [];
  }

  async hangUp(options?: HangUpOptions): Promise<void> {
    if (ENDED.includes(this.state)) return;
    this.setState('Disconnecting');
    await this.command(this.id, 'hangUp', { forEveryone: options?.forEveryone ?? false }).catch(() => undefined);
    this.setState('Disconnected', { code: 0, subCode: 0 });
  }

  async mute(): Promise<void> {
    await this.#setMuted(true);
  }

  async unmute(): Promise<void> {
    await this.#setMuted(false);
  }

  async hold(): Promise<void> {
    const { state } = await this.command(this.id, 'hold');
    this.setState(state ?? 'LocalHold');
  }

  async resume(): Promise<void> {
    const { state } = await this.command(this.id, 'resume');
    this.setState(state ?? 'Connected');
  }

  /** Tones go out one after another, in the order pressed, however fast the keys are hit. */
  sendDtmf(tone: DtmfTone): Promise<void> {
    const sent = this.#tones.then(() => this.command(this.id, 'dtmf', { tone })).then(() => undefined);
    this.#tones = sent.catch(() => undefined);
    return sent;
  }

  feature(): SdkTransferFeature {
    return this.#transfer;
  }

  async #setMuted(muted: boolean): Promise<void> {
    await this.command(this.id, 'mute', { muted });
    this.media.setMuted(muted);
    if (this.isMuted === muted) return;
    this.isMuted = muted;
    this.emit('isMutedChanged');
  }

  /** Applies a state the service (or a local action) decided; idempotent, since both may report one end. */
  setState(state: CallState, endReason?: CallEndReason): void {
    if (state === this.state || this.state === 'Disconnected') return;
    if (state === 'Disconnected') this.callEndReason = endReason ?? { code: 0, subCode: 0 };
    this.state = state;
    if (state === 'Connected' || state === 'Disconnected') for (const participant of this.remoteParticipants) participant.state = state;
    if (state === 'Connected') void this.media.start(this.isMuted).catch(() => undefined);
    this.media.setHeld(state === 'LocalHold' || state === 'RemoteHold');
    if (state === 'Disconnected') this.media.stop();
    this.emit('stateChanged');
    // As the SDK does, an ended call has no one left in it.
    if (state === 'Disconnected' && this.remoteParticipants.length) {
      const removed = this.remoteParticipants;
      this.remoteParticipants = [];
      this.emit('remoteParticipantsUpdated', { added: [], removed });
    }
    if (state === 'Disconnected') this.line.ended(this);
  }

  /** Others joined or left the call (the service says so), as the SDK's `remoteParticipantsUpdated`. */
  participantsChanged(added: string[], removed: string[]): void {
    if (this.state === 'Disconnected') return;
    const phone = (phoneNumber: string) => ({ kind: 'phoneNumber' as const, phoneNumber, rawId: `4:${phoneNumber}` });
    const joined = added.map((number) => new SimRemoteParticipant(phone(number), undefined, 'Connected'));
    const left = this.remoteParticipants.filter((p) => p.identifier.kind === 'phoneNumber' && removed.includes(p.identifier.phoneNumber));
    if (!joined.length && !left.length) return;
    this.remoteParticipants = [...this.remoteParticipants.filter((p) => !left.includes(p)), ...joined];
    this.emit('remoteParticipantsUpdated', { added: joined, removed: left });
  }

  transferEvent(state: TransferState, error?: { code: number; subCode: number }): void {
    this.#transfer.update(state, error);
  }
}

class SimTransfer extends Emitter implements SdkTransfer {
  state: TransferState = 'None';
  error?: { code: number; subCode: number };

  update(state: TransferState, error?: { code: number; subCode: number }): void {
    if (state === this.state) return;
    this.state = state;
    this.error = error;
    this.emit('stateChanged');
  }
}

/** The SDK's Transfer feature: `transfer({targetParticipant})` gives a Transfer whose state follows the service. */
class SimTransferFeature implements SdkTransferFeature {
  #current?: SimTransfer;

  constructor(
    private readonly call: SimTeamsCall,
    private readonly command: CallCommand,
  ) {}

  transfer(target: TransferToParticipantLocator): SdkTransfer {
    const transfer = new SimTransfer();
    this.#current = transfer;
    const participant = target.targetParticipant;
    const body = isPhoneNumberIdentifier(participant) ? { target: { phoneNumber: participant.phoneNumber } } : { target: { rawId: getIdentifierRawId(participant) } };
    transfer.update('Transferring');
    this.command(this.call.id, 'transfer', body).catch((error: { code?: number; subCode?: number }) =>
      transfer.update('Failed', { code: error.code ?? 500, subCode: error.subCode ?? 0 }),
    );
    return transfer;
  }

  update(state: TransferState, error?: { code: number; subCode: number }): void {
    this.#current?.update(state, error);
  }
}
