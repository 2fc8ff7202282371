// What the dev tenant says over the wire that pages and test suites read: types only, no imports of server
// code, so browser code (the demo's far-end panel, the browser tests) can take them from here.
export type { CallObservation } from './calling/observation.js';
export type { AgentCallRecord } from './calling/agent-call-record.js';
