import type { FastifyInstance } from 'fastify';
import type { ProxyConfig } from '../config.js';
import { HttpError } from '../http-error.js';
import { withDeadline } from '../upstream/deadline.js';

const ACS_SCOPE = 'https://auth.msft.communication.azure.com';

/**
 * `GET /api/config`: the public settings a page needs, so that it can be given only the proxy URL. When the
 * authority is the dev tenant, its OpenID configuration travels along as `authorityMetadata` (MSAL never
 * fetches an `http://` authority itself). Nothing here is secret.
 */
export function registerPublicConfig(app: FastifyInstance, config: ProxyConfig): void {
  let metadata: Promise<string> | undefined;
  const authorityMetadata = () => {
    metadata ??= withDeadline(config.upstream.timeoutMs, undefined, async (signal) => {
      const response = await fetch(config.client.discoveryUrl!, { signal });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      return JSON.stringify(await response.json());
    })
      .catch((error: Error) => {
        metadata = undefined;
        throw new HttpError(503, 'authority_metadata_unavailable', `The authority's OpenID configuration could not be read: ${error.message}.`, { 'retry-after': '5' });
      });
    return metadata;
  };

  app.get('/api/config', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return {
      clientId: config.client.clientId,
      authority: config.client.authority,
      knownAuthorities: config.client.knownAuthorities,
      ...(config.client.discoveryUrl ? { authorityMetadata: await authorityMetadata() } : {}),
      acs: { endpoint: config.acs.endpoint, immutableResourceId: config.acs.immutableResourceId },
      ccaasBotAppId: config.client.ccaasBotAppId ?? null,
      graphBaseUrl: config.client.graphBaseUrl,
      calling: config.client.calling,
      scopes: {
        teamsPersona: [`${ACS_SCOPE}/Teams.ManageCalls`, `${ACS_SCOPE}/Teams.ManageChats`],
        ccaasPersona: [`${ACS_SCOPE}/TeamsExtension.ManageCalls`],
        proxy: [`api://${config.client.clientId}/${config.entra.apiScope}`],
        graphResourceAccounts: ['https://graph.microsoft.com/TeamsResourceAccount.Read.All'],
      },
    };
  });
}
