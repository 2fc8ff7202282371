import type { CallFeatureFactory, TransferCallFeature } from '@azure/communication-calling';
import type { CallingSdk } from '../calling/calling-sdk.js';
import { SimCallClient } from './call-client.js';

export { CallingCommunicationError } from './calling-error.js';
export { RESOURCE_ACCOUNT_HEADER } from '../calling/calling-sdk.js';
export type { SimTeamsCall } from './teams-call.js';

/**
 * The Calling SDK's module shape (`CallClient`, `Features`) running on the dev tenant's calling service at
 * `endpoint` instead of ACS. `<tpe-call-agent>` takes it where it would take `import('@azure/communication-calling')`.
 */
export function simulatedCallingSdk(endpoint: string): CallingSdk {
  return {
    CallClient: class extends SimCallClient {
      constructor() {
        super(endpoint);
      }
    },
    // The calls of the simulator have one feature, Transfer; the factory is only its name.
    Features: { Transfer: { callApiCtor: class {} } as unknown as CallFeatureFactory<TransferCallFeature> },
  };
}
