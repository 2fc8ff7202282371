import type { KeyCredential, TokenCredential } from '@azure/core-auth';
import type { HttpMethods, PipelinePolicy, PipelineResponse, RestError as AzureRestError } from '@azure/core-rest-pipeline';
import type { TracingContext } from '@azure/core-tracing';
import type { ProxyConfig } from '../config.js';
import type { ProxyMetrics } from '../telemetry/proxy-metrics.js';
import { upstreamStatusPolicy } from '../telemetry/upstream-status-policy.js';
import { throttledWithinDeadlinePolicy } from '../upstream/throttled-within-deadline.js';
import { isInsecureLoopback } from './acs-credential.js';
import { communicationCommon, corePipeline } from './azure-sdk.js';

const { createDefaultHttpClient, createEmptyPipeline, createHttpHeaders, createPipelineRequest, defaultRetryPolicy, getDefaultProxySettings, proxyPolicy, RestError, tracingPolicy } = corePipeline;
const { createCommunicationAuthPolicy } = communicationCommon;

/** The ACS data-plane version the proxy speaks: the identity exchange and the Teams-extension assignments. */
export const ACS_API_VERSION = '2025-06-30';

export interface AcsRequest {
  method: HttpMethods;
  /** Path and query under the ACS endpoint, without api-version. */
  path: string;
  /** ACS_API_VERSION unless the call needs another. */
  apiVersion?: string;
  /** JSON text, already serialised. */
  body?: string;
  requestId: string;
  /** Aborts the call: the caller left, or its deadline (upstream/deadline.ts) ran out. */
  signal: AbortSignal;
  /** The request's trace context, when tracing is on: the call becomes its child span. */
  tracingContext?: TracingContext;
}

export interface AcsApi {
  /** Resolves to ACS's answer whatever its status; throws only when there was none (or retries ran out on one). */
  send(request: AcsRequest): Promise<PipelineResponse>;
}

export interface PipelineOptions {
  tracing: boolean;
  metrics: ProxyMetrics;
  /** Which ACS operation these calls are, for the upstream status counts. */
  operation: 'exchange' | 'assignments';
}

/**
 * ACS REST calls (the identity exchange, the assignments API) on an Azure pipeline built once, with only the
 * policies they need. The SDK clients' default pipelines also run a logging policy that sanitises every header,
 * redirect, decompression, multipart and form-data policies, and work out a user agent and a request id per
 * request; a CPU profile under load put the identity client's pipeline at over a third of an exchange. Kept,
 * all the SDK's own: its retry policy (429/5xx and network errors, honouring Retry-After), its signing policy
 * for every attempt afresh (createCommunicationAuthPolicy: HMAC with the access key, or the managed identity's
 * bearer token), its tracing policy when tracing is on (each attempt a child span of the request), and its
 * outbound-proxy policy when the environment names one; and the proxy's give-up-when-the-wait-outlasts-the-
 * deadline policy and upstream status count.
 */
export function acsApi(config: ProxyConfig, credential: KeyCredential | TokenCredential, options: PipelineOptions): AcsApi {
  const pipeline = createEmptyPipeline();
  const outbound = getDefaultProxySettings();
  if (outbound) pipeline.addPolicy(proxyPolicy(outbound));
  pipeline.addPolicy(USER_AGENT_POLICY);
  pipeline.addPolicy(defaultRetryPolicy({ maxRetries: config.upstream.maxRetries, retryDelayInMs: config.upstream.retryDelayMs, maxRetryDelayInMs: 30_000 }), { phase: 'Retry' });
  if (options.tracing) pipeline.addPolicy(tracingPolicy({ userAgentPrefix: USER_AGENT }), { afterPhase: 'Retry' });
  pipeline.addPolicy(throttledWithinDeadlinePolicy(), { afterPhase: 'Retry' });
  pipeline.addPolicy(upstreamStatusPolicy(options.operation, options.metrics), { afterPhase: 'Retry' });
  pipeline.addPolicy(createCommunicationAuthPolicy(credential), { phase: 'Sign' });
  const httpClient = createDefaultHttpClient();
  const allowInsecureConnection = isInsecureLoopback(config.acs.endpoint);
  const base = config.acs.endpoint;

  return {
    send({ method, path, apiVersion = ACS_API_VERSION, body, requestId, signal, tracingContext }) {
      const request = createPipelineRequest({
        url: `${base}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`,
        method,
        headers: createHttpHeaders(body === undefined ? { accept: 'application/json', 'x-ms-client-request-id': requestId } : { accept: 'application/json', 'content-type': 'application/json', 'x-ms-client-request-id': requestId }),
        body,
        abortSignal: signal,
        allowInsecureConnection,
      });
      // Set after creation: createPipelineRequest (ts-http-runtime's) drops tracingOptions it is given.
      if (tracingContext) request.tracingOptions = { tracingContext };
      return pipeline.sendRequest(httpClient, request);
    },
  };
}

const USER_AGENT = `tpe-elements-proxy node/${process.versions.node}`;
const USER_AGENT_POLICY: PipelinePolicy = {
  name: 'tpeUserAgent',
  sendRequest(request, next) {
    request.headers.set('user-agent', USER_AGENT);
    return next(request);
  },
};

/** ACS's error answer as the RestError the SDK clients would have thrown, with its body as `details`. */
export function acsRestError(response: PipelineResponse): AzureRestError {
  let details: unknown;
  try {
    details = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  } catch {
    details = undefined;
  }
  const error = new RestError(`ACS answered ${response.status}`, { statusCode: response.status, request: response.request, response });
  error.details = details;
  return error;
}
