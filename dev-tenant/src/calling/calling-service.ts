import type { DevTenantContext } from '../context.js';
import { Calls } from './calls.js';
import { Registrations } from './registrations.js';

/** The calling service's state: registered agents and the calls they are in. */
export interface CallingService {
  ctx: DevTenantContext;
  agents: Registrations;
  calls: Calls;
  /** Until when (ms since the epoch, real time) event streams are refused. */
  outageUntil: number;
}

export function createCallingService(ctx: DevTenantContext): CallingService {
  const agents = new Registrations(ctx);
  return { ctx, agents, calls: new Calls(ctx, agents), outageUntil: 0 };
}

/** Ends every call and forgets every agent, stream and timer: reset, and shutdown. */
export function clearCallingService(service: CallingService): void {
  service.calls.clear();
  service.agents.clear();
  service.outageUntil = 0;
}
