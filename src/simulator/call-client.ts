import type { CommunicationTokenCredential } from '@azure/communication-common';
import type { SdkCallClient } from '../calling/calling-sdk.js';
import { TOKEN_ERRORS } from './calling-error.js';
import { SimDeviceManager } from './device-manager.js';
import { SimTeamsCallAgent } from './teams-call-agent.js';
import { checkTeamsToken } from './token-claims.js';

/** The SDK's CallClient on the dev tenant: one Teams call agent per client, one device manager. */
export class SimCallClient implements SdkCallClient {
  readonly #devices = new SimDeviceManager();
  #agent?: SimTeamsCallAgent;

  constructor(private readonly endpoint: string) {}

  async createTeamsCallAgent(credential: CommunicationTokenCredential): Promise<SimTeamsCallAgent> {
    if (this.#agent && !this.#agent.isDisposed) throw TOKEN_ERRORS.secondAgent();
    const { token } = await credential.getToken();
    const claims = checkTeamsToken(token);
    // Measured on the real SDK: a token without its resource resolves to no agent at all, without an error.
    if (!claims.resourceId) return undefined as unknown as SimTeamsCallAgent;
    const agent = new SimTeamsCallAgent(this.endpoint, credential, this.#devices);
    this.#agent = agent;
    try {
      await agent.start();
    } catch (error) {
      await agent.dispose();
      throw error;
    }
    return agent;
  }

  async getDeviceManager(): Promise<SimDeviceManager> {
    return this.#devices;
  }

  async dispose(): Promise<void> {
    await this.#agent?.dispose();
    this.#agent = undefined;
  }
}
