import { badRequest } from './call-codes.js';
import { DEFAULT_ENDPOINT_GRACE_MS } from './endpoint-grace.js';
import { bodyObject, onlyFields } from './request-body.js';

/** The calling service's bounds that tests shrink (`POST /.dev/calling/settings`); reset restores them. */
export interface CallingSettings {
  /** How long an agent endpoint without an event stream keeps its registration and calls. */
  endpointGraceMs: number;
}

export const DEFAULT_CALLING_SETTINGS: Readonly<CallingSettings> = { endpointGraceMs: DEFAULT_ENDPOINT_GRACE_MS };

/** Ten minutes: far past any real grace, and a typo cannot leave a dropped call unended for good. */
const MAX_ENDPOINT_GRACE_MS = 600_000;

/** The settings a control request changes; fields it does not name stay as they are. */
export function parseCallingSettings(rawBody: unknown): Partial<CallingSettings> {
  const body = bodyObject(rawBody);
  onlyFields(body, ['endpointGraceMs']);
  const { endpointGraceMs } = body;
  if (endpointGraceMs === undefined) return {};
  if (typeof endpointGraceMs !== 'number' || !Number.isInteger(endpointGraceMs) || endpointGraceMs < 0 || endpointGraceMs > MAX_ENDPOINT_GRACE_MS) {
    throw badRequest(`"endpointGraceMs" must be a whole number of milliseconds from 0 to ${MAX_ENDPOINT_GRACE_MS}, not ${JSON.stringify(endpointGraceMs)}.`);
  }
  return { endpointGraceMs };
}
