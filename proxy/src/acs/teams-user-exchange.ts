import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { KeyCredential, TokenCredential } from '@azure/core-auth';
import type { ProxyConfig } from '../config.js';
import { withDeadline } from '../upstream/deadline.js';
import { throttledWithinDeadlinePolicy } from '../upstream/throttled-within-deadline.js';
import { isInsecureLoopback } from './acs-credential.js';
import { fromAcsFailure } from './acs-failure.js';

export interface AcsToken {
  token: string;
  expiresOn: Date;
}

export interface TeamsUserExchange {
  exchange(input: { entraToken: string; clientId: string; objectId: string; requestId: string; signal: AbortSignal }): Promise<AcsToken>;
}

/** `getTokenForTeamsUser` through the Azure SDK, with its retries (429/5xx, Retry-After) and a deadline. */
export function teamsUserExchange(config: ProxyConfig, credential: KeyCredential | TokenCredential): TeamsUserExchange {
  const options = {
    allowInsecureConnection: isInsecureLoopback(config.acs.endpoint),
    retryOptions: { maxRetries: config.upstream.maxRetries, retryDelayInMs: config.upstream.retryDelayMs, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: 'tpe-elements-proxy' },
    additionalPolicies: [{ policy: throttledWithinDeadlinePolicy(), position: 'perRetry' as const }],
  };
  const client = config.acs.connectionString
    ? new CommunicationIdentityClient(config.acs.connectionString, options)
    : new CommunicationIdentityClient(config.acs.endpoint, credential as TokenCredential, options);

  return {
    async exchange({ entraToken, clientId, objectId, requestId, signal }) {
      try {
        const result = await withDeadline(config.upstream.timeoutMs, signal, (abortSignal) =>
          client.getTokenForTeamsUser({
            teamsUserAadToken: entraToken,
            clientId,
            userObjectId: objectId,
            abortSignal,
            requestOptions: { customHeaders: { 'x-ms-client-request-id': requestId } },
          }),
        );
        return { token: result.token, expiresOn: result.expiresOn };
      } catch (error) {
        throw fromAcsFailure(error, signal);
      }
    },
  };
}
