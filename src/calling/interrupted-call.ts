import type { ActiveCallInfo } from './call-agent-session.js';

/** What the phone keeps about a live call, so that the next load of the page can say what became of it. */
export interface InterruptedCall {
  callId: string;
  direction: 'Incoming' | 'Outgoing';
  remoteNumber?: string;
  remoteName?: string;
  /** When it was connected (ms since epoch). */
  connectedAt?: number;
}

// sessionStorage: this tab only, gone with it; it holds who the call was with while it is live, never a token.
const KEY = 'tpe-call-agent:live-call';

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    // Storage refused (sandboxed frame, privacy mode): the phone works, only this reminder is lost.
    return undefined;
  }
}

export function rememberLiveCall(call: ActiveCallInfo): void {
  if (call.state === 'Disconnected') return;
  const record: InterruptedCall = { callId: call.id, direction: call.direction, remoteNumber: call.remoteNumber, remoteName: call.remoteName, connectedAt: call.connectedAt };
  try {
    storage()?.setItem(KEY, JSON.stringify(record));
  } catch {
    // Full or refused: see storage().
  }
}

export function forgetLiveCall(): void {
  storage()?.removeItem(KEY);
}

/** The call that was live when the page last went away, if one was; read once, then forgotten. */
export function takeInterruptedCall(): InterruptedCall | undefined {
  const raw = storage()?.getItem(KEY);
  if (!raw) return undefined;
  forgetLiveCall();
  try {
    const record = JSON.parse(raw) as Partial<InterruptedCall>;
    if (typeof record.callId !== 'string' || (record.direction !== 'Incoming' && record.direction !== 'Outgoing')) return undefined;
    return record as InterruptedCall;
  } catch {
    return undefined;
  }
}
