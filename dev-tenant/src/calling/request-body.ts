import { badRequest } from './call-codes.js';

/** The JSON body as an object; no body at all is `{}` where the operation needs nothing more. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** A nested object field such as `target` or `onBehalfOf`. */
export function objectField(body: Record<string, unknown>, field: string, example: string): Record<string, unknown> {
  const value = body[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`"${field}" must be an object such as ${example}.`);
  }
  return value as Record<string, unknown>;
}

export function stringField(body: Record<string, unknown>, field: string, example: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`"${field}" must be a non-empty string such as ${example}.`);
  return value.trim();
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${field}" must be a string.`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`"${field}" must be true or false.`);
  return value;
}

/** Refuses fields the operation does not know, so a typo is not silently ignored. */
export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length) {
    const known = allowed.length ? `it takes ${allowed.map((a) => `"${a}"`).join(', ')}` : 'it takes none';
    throw badRequest(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}: ${known}.`);
  }
}
