import { badRequest } from './call-codes.js';
import { DEFAULT_ENDPOINT_GRACE_MS } from './endpoint-grace.js';
import { bodyObject, onlyFields } from './request-body.js';

/** The calling service's bounds that tests shrink (`POST /.dev/calling/settings`); reset restores them. */
export interface CallingSettings {
  /** How long an agent endpoint without an event stream keeps its registration and calls. */
  endpointGraceMs: number;
  /**
   * How often an open event stream says something (a `: ping` when nothing else is sent). Proxies and browsers
   * drop a silent connection; and a client told this (in `connected`) can tell a dead stream from a quiet one.
   */
  heartbeatMs: number;
}

export const DEFAULT_HEARTBEAT_MS = 5_000;

export const DEFAULT_CALLING_SETTINGS: Readonly<CallingSettings> = { endpointGraceMs: DEFAULT_ENDPOINT_GRACE_MS, heartbeatMs: DEFAULT_HEARTBEAT_MS };

/** Each setting's accepted range, in whole milliseconds. */
const BOUNDS: Record<keyof CallingSettings, { min: number; max: number }> = {
  // Ten minutes: far past any real grace, and a typo cannot leave a dropped call unended for good.
  endpointGraceMs: { min: 0, max: 600_000 },
  // Fast enough for a test of a silent stream, never a busy loop; a minute is past what proxies tolerate.
  heartbeatMs: { min: 100, max: 60_000 },
};

/** The settings a control request changes; fields it does not name stay as they are. */
export function parseCallingSettings(rawBody: unknown): Partial<CallingSettings> {
  const body = bodyObject(rawBody);
  const names = Object.keys(BOUNDS) as Array<keyof CallingSettings>;
  onlyFields(body, names);
  const settings: Partial<CallingSettings> = {};
  for (const name of names) {
    const value = body[name];
    if (value === undefined) continue;
    const { min, max } = BOUNDS[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw badRequest(`"${name}" must be a whole number of milliseconds from ${min} to ${max}, not ${JSON.stringify(value)}.`);
    }
    settings[name] = value;
  }
  return settings;
}
