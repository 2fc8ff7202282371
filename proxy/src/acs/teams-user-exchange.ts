import { CommunicationIdentityClient } from '@azure/communication-identity';
import type { KeyCredential, TokenCredential } from '@azure/core-auth';
import type { ProxyConfig } from '../config.js';
import { isInsecureLoopback } from './acs-credential.js';
import { fromAcsFailure } from './upstream-error.js';

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
  };
  const client = config.acs.connectionString
    ? new CommunicationIdentityClient(config.acs.connectionString, options)
    : new CommunicationIdentityClient(config.acs.endpoint, credential as TokenCredential, options);

  return {
    async exchange({ entraToken, clientId, objectId, requestId, signal }) {
      const deadline = AbortSignal.any([signal, AbortSignal.timeout(config.upstream.timeoutMs)]);
      try {
        const result = await client.getTokenForTeamsUser({
          teamsUserAadToken: entraToken,
          clientId,
          userObjectId: objectId,
          abortSignal: deadline,
          requestOptions: { customHeaders: { 'x-ms-client-request-id': requestId } },
        });
        return { token: result.token, expiresOn: result.expiresOn };
      } catch (error) {
        throw fromAcsFailure(error, deadline);
      }
    },
  };
}
