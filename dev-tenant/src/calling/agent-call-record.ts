/**
 * What an agent's registration is told of its identity's recent calls (`GET /calling/agents/{agentId}/calls`):
 * the dev tenant's contract with the simulator. No imports, so browser code can take it from here.
 */
export interface AgentCallRecord {
  callId: string;
  direction: 'inbound' | 'outbound';
  /** The call's state at the far end. */
  state: 'Connecting' | 'Ringing' | 'Connected' | 'Disconnected';
  from: string;
  to: string;
  resourceAccountId: string;
  /** The registration that took or placed it: this one, or an earlier one of the same identity (the page before a reload). */
  agentId: string;
  endReason?: { code: number; subCode: number };
  /** When it ended (ISO 8601). */
  endedOn?: string;
  /** While the registration holding it has no event stream: when the call ends unless that stream comes back (ISO 8601). */
  endsOn?: string;
}
