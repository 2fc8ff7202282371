import { badRequest } from './errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** The JSON body as an object; `undefined` (no body) becomes `{}` only where the operation allows it. */
export function bodyObject(body: unknown, { optional = false } = {}): Record<string, unknown> {
  if (body === undefined && optional) return {};
  if (body === undefined) throw badRequest('MissingRequestBody', 'The request needs a JSON object body.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('InvalidRequestBody', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest('MissingField', `The field "${field}" is required.`);
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('InvalidField', `The field "${field}" must be a non-empty string.`);
  return value;
}

export function requiredGuid(value: unknown, name: string): string {
  if (value === undefined || value === null) throw badRequest('MissingField', `The field "${name}" is required.`);
  if (!isGuid(value)) throw badRequest('InvalidField', `"${name}" must be a GUID such as 00000000-0000-0000-0000-000000000000, not ${JSON.stringify(value)}.`);
  return value.toLowerCase();
}

/** `expiresInMinutes` as the spec bounds it: a whole number of minutes from 60 to 1440. */
export function optionalExpiresInMinutes(body: Record<string, unknown>): number | undefined {
  const value = body.expiresInMinutes;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 60 || value > 1440) {
    throw badRequest('InvalidExpiresInMinutes', `"expiresInMinutes" must be a whole number from 60 to 1440, not ${JSON.stringify(value)}.`);
  }
  return value;
}
