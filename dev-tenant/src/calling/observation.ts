/**
 * What the far end sees of a call (`/.dev/calls`): the dev tenant's contract with the demo's far-end panel
 * and the test suites, which import this type rather than restate it. No imports, so browser code can too.
 */
export interface CallObservation {
  callId: string;
  direction: 'inbound' | 'outbound';
  state: 'Connecting' | 'Ringing' | 'Connected' | 'Disconnected';
  from: string;
  to: string;
  resourceAccountId: string;
  /** Who took or placed the call, kept after they left it. */
  agent?: { oid: string; agentId: string };
  /** Object ids of the agents it rings now. */
  ringing: string[];
  /** The tones the agent sent, as keypad characters. */
  dtmf: string;
  /** Others who joined the call on the far end's side (E.164), when any did. */
  joined?: string[];
  onHold: boolean;
  agentMuted: boolean;
  transfer?: { target: string; state: 'Transferring' | 'Transferred' | 'Failed' };
  endReason?: { code: number; subCode: number };
  isEmergencyCall: boolean;
}
