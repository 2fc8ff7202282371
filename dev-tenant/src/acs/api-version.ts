import type { FastifyRequest } from 'fastify';
import { badRequest } from './errors.js';

/** The identity SDK 1.3.1 sends 2023-10-01; the TPE operations exist only from 2025-06-30. */
export const IDENTITY_API_VERSIONS = ['2025-06-30', '2023-10-01'] as const;
export const TEAMS_EXTENSION_API_VERSIONS = ['2025-06-30'] as const;

export function requireApiVersion(request: FastifyRequest, supported: readonly string[]): void {
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  const versions = query.getAll('api-version');
  if (versions.length === 0) {
    throw badRequest('MissingApiVersionParameter', `The api-version query parameter is required. Supported versions: ${supported.join(', ')}.`);
  }
  if (versions.length > 1 || !supported.includes(versions[0]!)) {
    throw badRequest('UnsupportedApiVersion', `The api-version '${versions.join(',')}' is not supported by this operation. Supported versions: ${supported.join(', ')}.`);
  }
}
