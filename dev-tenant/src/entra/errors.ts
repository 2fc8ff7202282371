import { randomUUID } from 'node:crypto';

/** An OAuth error shaped as Entra returns it from the token endpoint (and, flattened, from authorize). */
export class EntraError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly suberror?: string,
    readonly status = 400,
  ) {
    super(`AADSTS${code}: ${description}`);
  }

  /** `correlationId` is the caller's `client-request-id` when it sent one: Entra files the request under it. */
  body(correlationId: string = randomUUID()) {
    const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const traceId = randomUUID();
    return {
      error: this.error,
      error_description: `AADSTS${this.code}: ${this.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.code}`,
      ...(this.suberror ? { suberror: this.suberror } : {}),
    };
  }
}

export function consentRequired(clientId: string, clientName: string, error: 'invalid_grant' | 'consent_required'): EntraError {
  return new EntraError(
    error,
    65001,
    `The user or administrator has not consented to use the application with ID '${clientId}' named '${clientName}'. Send an interactive authorization request for this user and resource.`,
    'consent_required',
  );
}

export function missingServicePrincipal(tenantId: string): EntraError {
  return new EntraError(
    'invalid_client',
    650052,
    `The app is trying to access a service '1fd5118e-2576-4263-8130-9503064c837a'(Azure Communication Services) that your organization '${tenantId}' lacks a service principal for. Contact your IT Admin to review the configuration of your service subscriptions or consent to the application in order to create the required service principal.`,
  );
}
