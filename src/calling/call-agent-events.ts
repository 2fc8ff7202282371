import type { CallState } from './calling-sdk.js';

export type CallAgentStatus = 'offline' | 'connecting' | 'ready' | 'in-call' | 'reconnecting' | 'error';

export interface IncomingCallDetail {
  callId: string;
  callerNumber?: string;
  callerName?: string;
  resourceAccountId?: string;
  transferredBy?: string;
  /**
   * How the element rings for this call, unless the page cancels the event (then all false): a tone, a system
   * notification and a "(Ringing)" tab title. Updated as the ring goes on: `tone` turns false and the other two
   * true if the tone is refused; the other two turn true if the agent looks away while it rings.
   */
  ring?: RingDetail;
}

/** What `<tpe-call-agent>` does to make a ringing call noticed. */
export interface RingDetail {
  tone: boolean;
  notification: boolean;
  title: boolean;
}

export interface CallEndedDetail {
  callId: string;
  code: number;
  subCode: number;
  /** A plain sentence: "Call ended.", "Declined.", "Answered by another agent."… */
  reason: string;
}

/** A call that rang for the agent and that nobody took (the caller gave up, nobody answered). */
export interface MissedCallDetail {
  callId: string;
  callerNumber?: string;
  callerName?: string;
  resourceAccountId?: string;
  /** When it stopped ringing (ms since epoch). */
  at: number;
}

/** `<tpe-call-agent>`'s own events (its status and errors are in the shared map, tpe-events.ts). */
export interface CallAgentEventMap {
  /** Cancelable: a host that calls preventDefault() takes the call over (screen-pop first, then accept()). */
  'tpe-incoming-call': CustomEvent<IncomingCallDetail>;
  'tpe-call-state-change': CustomEvent<{ callId: string; state: CallState; previous: CallState }>;
  'tpe-call-ended': CustomEvent<CallEndedDetail>;
  'tpe-missed-call': CustomEvent<MissedCallDetail>;
  /** This tab now holds the phone (`owner: true`), or another tab does; see the `tabs` attribute. */
  'tpe-phone-owner-change': CustomEvent<{ owner: boolean }>;
}
