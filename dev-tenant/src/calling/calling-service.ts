import type { DevTenantContext } from '../context.js';
import { onTokensRevoked } from '../acs/exchanged-tokens.js';
import { Calls } from './calls.js';
import { DEFAULT_CALLING_SETTINGS, type CallingSettings } from './calling-settings.js';
import { EndpointGrace } from './endpoint-grace.js';
import { Registrations, type Registration } from './registrations.js';

/** The calling service's state: registered agents and the calls they are in. */
export interface CallingService {
  ctx: DevTenantContext;
  agents: Registrations;
  calls: Calls;
  /** Watches agents without an event stream; ends their calls and registration when they stay away. */
  grace: EndpointGrace<Registration>;
  /** Until when (ms since the epoch, real time) every agent request is refused. */
  outageUntil: number;
  settings: CallingSettings;
}

export function createCallingService(ctx: DevTenantContext): CallingService {
  const grace = new EndpointGrace<Registration>(
    { graceMs: () => service.settings.endpointGraceMs, serviceDownUntil: () => service.outageUntil },
    (registration) => endpointLapsed(service, registration),
  );
  const agents = new Registrations(ctx, grace, () => service.settings.heartbeatMs);
  const service: CallingService = { ctx, agents, calls: new Calls(ctx, agents), grace, outageUntil: 0, settings: { ...DEFAULT_CALLING_SETTINGS } };
  // An agent whose consent is taken away is cut off at once, not when its token would have expired.
  onTokensRevoked(ctx, (hashes) => agents.tokensRevoked(hashes));
  return service;
}

/**
 * An agent endpoint stayed away past its grace: its calls end for the far end (as a token left to expire,
 * if it was), and its registration goes, so its next request is told to register again.
 */
function endpointLapsed(service: CallingService, registration: Registration): void {
  // A revoked token is as invalid as an expired one: ACS's 495/4507 "didn't provide a valid ACS token".
  const tokenLapsed = registration.tokenExp <= service.ctx.now() || registration.tokenRevoked === true;
  service.calls.endpointLost(registration, tokenLapsed ? 'endpointTokenLapsed' : 'endpointLost');
  service.agents.remove(registration);
}

/** Ends every call and forgets every agent, stream and timer, and restores the settings: reset, and shutdown. */
export function clearCallingService(service: CallingService): void {
  service.calls.clear();
  service.agents.clear();
  service.outageUntil = 0;
  service.settings = { ...DEFAULT_CALLING_SETTINGS };
}
