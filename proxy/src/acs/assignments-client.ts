import type { HttpMethods } from '@azure/core-rest-pipeline';
import type { TracingContext } from '@azure/core-tracing';
import type { ProxyConfig } from '../config.js';
import { withDeadline } from '../upstream/deadline.js';
import { fromAcsFailure } from './acs-failure.js';
import { corePipeline } from './azure-sdk.js';
import { acsRestError, type AcsApi } from './acs-pipeline.js';

/** An ACS Teams-extension access assignment, as the REST API returns it. */
export interface Assignment {
  objectId: string;
  tenantId: string;
  principalType: string;
  clientIds?: string[];
}

export interface CallOptions {
  requestId: string;
  signal: AbortSignal;
  /** The request's trace context (tracing on): the ACS call becomes its child span. */
  tracingContext?: TracingContext;
}

export interface AssignmentsClient {
  get(tenantId: string, objectId: string, options: CallOptions): Promise<Assignment | null>;
  put(tenantId: string, objectId: string, body: { principalType: string; clientIds?: string[] }, options: CallOptions): Promise<{ created: boolean; assignment: Assignment }>;
  remove(tenantId: string, objectId: string, options: CallOptions): Promise<void>;
}

/**
 * The assignments API has no SDK client yet: a thin one on the proxy's ACS pipeline (acs-pipeline.ts: the
 * SDKs' retry policy, signing every attempt), each call bounded by the upstream deadline.
 */
export function assignmentsClient(config: ProxyConfig, acs: AcsApi): AssignmentsClient {
  async function send(method: HttpMethods, tenantId: string, objectId: string, options: CallOptions, body?: unknown) {
    const path = `/access/teamsExtension/tenants/${encodeURIComponent(tenantId)}/assignments/${encodeURIComponent(objectId)}`;
    try {
      const response = await withDeadline(config.upstream.timeoutMs, options.signal, (signal) =>
        acs.send({ method, path, body: body === undefined ? undefined : JSON.stringify(body), requestId: options.requestId, signal, tracingContext: options.tracingContext }),
      );
      if (response.status >= 400 && response.status !== 404) throw acsRestError(response);
      return response;
    } catch (error) {
      throw fromAcsFailure(error, options.signal);
    }
  }

  return {
    async get(tenantId, objectId, options) {
      const response = await send('GET', tenantId, objectId, options);
      return response.status === 404 ? null : (JSON.parse(response.bodyAsText ?? '{}') as Assignment);
    },
    async put(tenantId, objectId, body, options) {
      const response = await send('PUT', tenantId, objectId, options, body);
      if (response.status === 404) throw fromAcsFailure(Object.assign(new corePipeline.RestError('not found', { statusCode: 404 }), { details: JSON.parse(response.bodyAsText ?? '{}') }));
      return { created: response.status === 201, assignment: JSON.parse(response.bodyAsText ?? '{}') as Assignment };
    },
    async remove(tenantId, objectId, options) {
      await send('DELETE', tenantId, objectId, options);
    },
  };
}
