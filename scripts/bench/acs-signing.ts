import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import type { KeyCredential } from '@azure/core-auth';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';

/**
 * Signs one request with the identity SDK's own access-key policy, run on a core-rest-pipeline request,
 * and returns the headers it set (host, x-ms-date, x-ms-content-sha256, authorization). ACS accepts an
 * x-ms-date within 15 minutes, so one signature serves a whole bench run.
 */
export async function signLikeTheSdk(credential: KeyCredential, url: string, body: string): Promise<Record<string, string>> {
  const request = createPipelineRequest({ url, method: 'POST', body });
  const policy = createCommunicationAccessKeyCredentialPolicy(credential);
  await policy.sendRequest(request, async (signed) => ({ request: signed, status: 200, headers: createHttpHeaders() }));
  return request.headers.toJSON();
}
