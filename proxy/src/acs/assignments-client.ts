import { createCommunicationAuthPolicy } from '@azure/communication-common';
import type { KeyCredential, TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, createHttpHeaders, createPipelineFromOptions, createPipelineRequest, RestError, type HttpMethods } from '@azure/core-rest-pipeline';
import type { ProxyConfig } from '../config.js';
import { withDeadline } from '../upstream/deadline.js';
import { throttledWithinDeadlinePolicy } from '../upstream/throttled-within-deadline.js';
import { isInsecureLoopback } from './acs-credential.js';
import { fromAcsFailure } from './acs-failure.js';

export const ASSIGNMENTS_API_VERSION = '2025-06-30';

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
}

export interface AssignmentsClient {
  get(tenantId: string, objectId: string, options: CallOptions): Promise<Assignment | null>;
  put(tenantId: string, objectId: string, body: { principalType: string; clientIds?: string[] }, options: CallOptions): Promise<{ created: boolean; assignment: Assignment }>;
  remove(tenantId: string, objectId: string, options: CallOptions): Promise<void>;
}

/**
 * The assignments API has no SDK client yet, so this is a thin one on the Azure pipeline: the same retry
 * policies as the SDKs (429/5xx, honouring Retry-After) and createCommunicationAuthPolicy for HMAC or Entra,
 * in the Sign phase so every retry is signed afresh.
 */
export function assignmentsClient(config: ProxyConfig, credential: KeyCredential | TokenCredential): AssignmentsClient {
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: config.upstream.maxRetries, retryDelayInMs: config.upstream.retryDelayMs, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: 'tpe-elements-proxy' },
  });
  pipeline.addPolicy(createCommunicationAuthPolicy(credential), { phase: 'Sign' });
  pipeline.addPolicy(throttledWithinDeadlinePolicy(), { afterPhase: 'Retry' });
  const httpClient = createDefaultHttpClient();
  const insecure = isInsecureLoopback(config.acs.endpoint);

  async function send(method: HttpMethods, tenantId: string, objectId: string, options: CallOptions, body?: unknown) {
    const url = `${config.acs.endpoint}/access/teamsExtension/tenants/${encodeURIComponent(tenantId)}/assignments/${encodeURIComponent(objectId)}?api-version=${ASSIGNMENTS_API_VERSION}`;
    try {
      const { request, response } = await withDeadline(config.upstream.timeoutMs, options.signal, async (abortSignal) => {
        const request = createPipelineRequest({
          url,
          method,
          headers: createHttpHeaders({ accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), 'x-ms-client-request-id': options.requestId }),
          body: body === undefined ? undefined : JSON.stringify(body),
          abortSignal,
          allowInsecureConnection: insecure,
        });
        return { request, response: await pipeline.sendRequest(httpClient, request) };
      });
      if (response.status >= 400 && response.status !== 404) {
        let details: unknown;
        try {
          details = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
        } catch {
          details = undefined;
        }
        const error = new RestError(`ACS answered ${response.status}`, { statusCode: response.status, request, response });
        error.details = details;
        throw error;
      }
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
      if (response.status === 404) throw fromAcsFailure(Object.assign(new RestError('not found', { statusCode: 404 }), { details: JSON.parse(response.bodyAsText ?? '{}') }));
      return { created: response.status === 201, assignment: JSON.parse(response.bodyAsText ?? '{}') as Assignment };
    },
    async remove(tenantId, objectId, options) {
      await send('DELETE', tenantId, objectId, options);
    },
  };
}
