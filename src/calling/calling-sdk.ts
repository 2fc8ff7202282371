import type {
  AudioDeviceInfo,
  CallEndReason,
  CallerInfo,
  CallFeatureFactory,
  CallState,
  CollectionUpdatedEvent,
  ConnectionState,
  ConnectionStateChangedEvent,
  DeviceAccess,
  DtmfTone,
  HangUpOptions,
  PermissionConstraints,
  PropertyChangedEvent,
  RemoteParticipantState,
  StartTeamsCallOptions,
  TransferCallFeature,
  TransferToParticipantLocator,
  TransferState,
} from '@azure/communication-calling';
import type { CommunicationIdentifierKind, CommunicationTokenCredential, PhoneNumberIdentifier } from '@azure/communication-common';

/*
 * The part of @azure/communication-calling that the call agent uses, in the SDK's own names and shapes.
 * The real SDK module and the simulator must both be assignable to `CallingSdk` (load-calling-sdk.ts and
 * the simulator check it at compile time), so the code that runs on the simulator is the production code.
 */

export type { AudioDeviceInfo, CallEndReason, CallState, ConnectionState, DtmfTone };

/**
 * The SIP header (in an incoming call's `customContext`) that names the resource account a PSTN call came in
 * on: the simulator sets it, and a CCaaS router can when it routes the call to the agent.
 */
export const RESOURCE_ACCOUNT_HEADER = 'X-Resource-Account-Id';

export interface SdkTransfer {
  readonly state: TransferState;
  readonly error?: { code: number; subCode?: number };
  on(event: 'stateChanged', listener: PropertyChangedEvent): void;
  off(event: 'stateChanged', listener: PropertyChangedEvent): void;
}

export interface SdkTransferFeature {
  transfer(target: TransferToParticipantLocator): SdkTransfer;
}

/** A RemoteParticipant, as far as the call agent counts and names the other parties. */
export interface SdkRemoteParticipant {
  readonly identifier: CommunicationIdentifierKind;
  readonly displayName?: string;
  readonly state: RemoteParticipantState;
}

export interface SdkTeamsCall {
  readonly id: string;
  readonly state: CallState;
  readonly direction: 'Incoming' | 'Outgoing';
  readonly callerInfo: CallerInfo;
  readonly callEndReason?: CallEndReason;
  readonly isMuted: boolean;
  readonly isEmergencyCall?: boolean;
  /** The far end's audio (RemoteAudioStream), for a level meter or the page's own recording. */
  readonly remoteAudioStreams: ReadonlyArray<{ getMediaStream(): Promise<MediaStream> }>;
  /** Everyone else in the call: one for a PSTN call, more once others join it. */
  readonly remoteParticipants: ReadonlyArray<SdkRemoteParticipant>;
  hangUp(options?: HangUpOptions): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  hold(): Promise<void>;
  resume(): Promise<void>;
  sendDtmf(tone: DtmfTone): Promise<void>;
  feature(factory: CallFeatureFactory<TransferCallFeature>): SdkTransferFeature;
  on(event: 'stateChanged' | 'isMutedChanged' | 'idChanged', listener: PropertyChangedEvent): void;
  on(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<SdkRemoteParticipant>): void;
  off(event: 'stateChanged' | 'isMutedChanged' | 'idChanged', listener: PropertyChangedEvent): void;
  off(event: 'remoteParticipantsUpdated', listener: CollectionUpdatedEvent<SdkRemoteParticipant>): void;
}

export interface SdkTeamsIncomingCall {
  readonly id: string;
  readonly callerInfo: CallerInfo;
  readonly transferorInfo?: CallerInfo;
  readonly callEndReason?: CallEndReason;
  accept(): Promise<SdkTeamsCall>;
  reject(): Promise<void>;
  on(event: 'callEnded', listener: (args: { callEndReason: CallEndReason }) => void): void;
  off(event: 'callEnded', listener: (args: { callEndReason: CallEndReason }) => void): void;
}

export type IncomingCallListener = (args: { incomingCall: SdkTeamsIncomingCall }) => void;
export type CallsUpdatedListener = CollectionUpdatedEvent<SdkTeamsCall>;

export interface SdkTeamsCallAgent {
  readonly connectionState: ConnectionState;
  readonly calls: ReadonlyArray<SdkTeamsCall>;
  startCall(participant: PhoneNumberIdentifier, options?: StartTeamsCallOptions): SdkTeamsCall;
  on(event: 'incomingCall', listener: IncomingCallListener): void;
  on(event: 'callsUpdated', listener: CallsUpdatedListener): void;
  on(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  off(event: 'incomingCall', listener: IncomingCallListener): void;
  off(event: 'callsUpdated', listener: CallsUpdatedListener): void;
  off(event: 'connectionStateChanged', listener: ConnectionStateChangedEvent): void;
  dispose(): Promise<void>;
}

export interface SdkDeviceManager {
  readonly isSpeakerSelectionAvailable: boolean;
  readonly selectedMicrophone?: AudioDeviceInfo;
  readonly selectedSpeaker?: AudioDeviceInfo;
  getMicrophones(): Promise<AudioDeviceInfo[]>;
  getSpeakers(): Promise<AudioDeviceInfo[]>;
  selectMicrophone(device: AudioDeviceInfo): Promise<void>;
  selectSpeaker(device: AudioDeviceInfo): Promise<void>;
  askDevicePermission(constraints: PermissionConstraints): Promise<DeviceAccess>;
}

export interface SdkCallClient {
  createTeamsCallAgent(credential: CommunicationTokenCredential): Promise<SdkTeamsCallAgent>;
  getDeviceManager(): Promise<SdkDeviceManager>;
  dispose(): Promise<void>;
}

/** What `import('@azure/communication-calling')` gives, as far as the call agent is concerned. */
export interface CallingSdk {
  CallClient: new () => SdkCallClient;
  Features: { Transfer: CallFeatureFactory<TransferCallFeature> };
}

/** Errors the SDK throws carry the HTTP-like `code` and the precise `subCode` (CommunicationServicesError). */
export interface SdkError {
  name: string;
  message: string;
  code?: number;
  subCode?: number;
}
