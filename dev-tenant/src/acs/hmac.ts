import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DevTenantContext } from '../context.js';
import { denied } from './errors.js';

/** Real ACS refuses requests whose x-ms-date is further than about 15 minutes from its clock. */
export const MAX_DATE_SKEW_SECONDS = 15 * 60;
const SIGNED_HEADERS = 'x-ms-date;host;x-ms-content-sha256';
const AUTHORIZATION = /^HMAC-SHA256 +SignedHeaders=([^&\s]+)&Signature=(\S+)$/;
const RFC_1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export function contentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('base64');
}

/** The string the SDK signs: the verb, the path and query as sent, and the three signed header values. */
export function stringToSign(method: string, pathAndQuery: string, date: string, host: string, hash: string): string {
  return `${method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${hash}`;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the access-key signature before the body is read, so a caller with the wrong key learns only
 * that, whatever it sent. The signature covers the claimed content hash; `verifyContentHash` then checks
 * that claim against the body that actually arrived.
 */
export function verifyHmacSignature(ctx: DevTenantContext, request: FastifyRequest): void {
  const authorization = header(request, 'authorization');
  if (!authorization) {
    throw denied('MissingAuthorization', 'The request has no Authorization header; sign it with the access key (HMAC-SHA256).');
  }
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    throw denied(
      'UnsupportedAuthorizationScheme',
      'The Authorization header must be "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64>". Or send "Bearer <Entra token for https://communication.azure.com/.default>".',
    );
  }
  if (match[1]!.toLowerCase() !== SIGNED_HEADERS) {
    throw denied('UnsupportedSignedHeaders', `SignedHeaders must be ${SIGNED_HEADERS}, not ${match[1]}.`);
  }
  const date = header(request, 'x-ms-date');
  if (!date) throw denied('MissingDateHeader', 'The signed x-ms-date header is missing.');
  const sentAt = Date.parse(date);
  if (!RFC_1123.test(date) || Number.isNaN(sentAt)) {
    throw denied('InvalidDateHeader', `The x-ms-date header "${date}" is not an RFC 1123 date such as "Tue, 01 Jul 2025 12:00:00 GMT".`);
  }
  const skew = Math.round(sentAt / 1000) - ctx.now();
  if (Math.abs(skew) > MAX_DATE_SKEW_SECONDS) {
    const minutes = Math.round(Math.abs(skew) / 60);
    throw denied(
      'RequestDateOutOfRange',
      `The x-ms-date header is ${minutes} minutes ${skew < 0 ? 'behind' : 'ahead of'} the service clock; at most ${MAX_DATE_SKEW_SECONDS / 60} minutes are allowed. Check the client clock.`,
    );
  }
  const host = header(request, 'host');
  if (!host) throw denied('MissingHostHeader', 'The signed host header is missing.');
  const hash = header(request, 'x-ms-content-sha256');
  if (!hash) throw denied('MissingContentHash', 'The signed x-ms-content-sha256 header is missing.');

  const key = Buffer.from(ctx.fixture.acs.accessKey, 'base64');
  const expected = createHmac('sha256', key).update(stringToSign(request.method, request.url, date, host, hash), 'utf8').digest();
  const received = Buffer.from(match[2]!, 'base64');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw denied(
      'InvalidSignature',
      'The request signature does not match. Check the access key in the connection string, and that the path, query, x-ms-date, host and x-ms-content-sha256 were signed as sent.',
    );
  }
}

/** Runs once the body is read: the signed hash must be the hash of the bytes that arrived. */
export function verifyContentHash(request: FastifyRequest): void {
  const claimed = header(request, 'x-ms-content-sha256');
  if (claimed !== contentHash(request.rawBody ?? '')) {
    throw denied('ContentHashMismatch', 'The x-ms-content-sha256 header is not the SHA-256 of the request body: the body changed after it was signed.');
  }
}
