import type { FastifyRequest } from 'fastify';
import type { EntraCaller, EntraTokenValidator, Expectation } from './entra-token-validator.js';

/** ACS's first-party API: tokens for the Teams persona exchange are issued for it. */
export const ACS_AUDIENCES = ['https://auth.msft.communication.azure.com', '1fd5118e-2576-4263-8130-9503064c837a'];
export const TEAMS_PERSONA_SCOPES = ['Teams.ManageCalls', 'Teams.ManageChats'];

/** Directory roles that may write assignments: Teams Administrator and Global Administrator. */
export const ASSIGNMENT_ADMIN_ROLE_IDS = ['69091246-20e8-4a56-aa4d-066075b2a7a8', '62e90394-69f5-4237-9190-012177145e10'];

declare module 'fastify' {
  interface FastifyRequest {
    caller?: EntraCaller;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/** Validates the caller's Entra token for one route and remembers who they are (never the token). */
export async function authenticate(request: FastifyRequest, validator: EntraTokenValidator, expected: Expectation): Promise<EntraCaller> {
  const caller = await validator.validate(bearerToken(request), expected);
  request.caller = caller;
  return caller;
}
