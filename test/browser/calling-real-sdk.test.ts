import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { AzureCommunicationTokenCredential } from '@azure/communication-common';
import { RenewingTokenCredential } from '../../src/calling/renewing-token-credential.js';
import { exchangeTeamsExtensionToken } from '../../src/acs/teams-extension-exchange.js';
import { callingError } from '../../src/calling/call-errors.js';
import { CallAgentSession, type AcsToken, type AcsTokenSource, type SessionObserver } from '../../src/calling/call-agent-session.js';
import type { CallingSdk, SdkCallClient, SdkError } from '../../src/calling/calling-sdk.js';
import { loadCallingSdk } from '../../src/calling/load-calling-sdk.js';
import { TpeError } from '../../src/tpe-error.js';
import { AGENTS, provisionTenant } from './support/calling.js';
import { claimsOf, devTenant, resetDevTenant } from './support/dev-tenant.js';
import { PasswordGrantProvider } from './support/password-grant-provider.js';

/*
 * The real @azure/communication-calling (not the simulator) behind CallAgentSession, in headless Chromium
 * with no network. The calling-sdk-offline server command answers the SDK's remote-configuration hosts
 * with `{}` and fails every other outside request at once, so the SDK gets as far as it can without
 * waiting on DNS or its retry timers: devices, agent creation (which stays Disconnected: the registrar
 * and Trouter cannot be reached), disposal, and the token checks it makes before any request.
 */

interface OfflineRequest {
  kind: string;
  method: string;
  url: string;
  action: 'config' | 'aborted' | 'closed';
}

const FAKE_MICROPHONES = ['Fake Default Audio Input', 'Fake Audio Input 1', 'Fake Audio Input 2'];
const FAKE_SPEAKERS = ['Fake Default Audio Output', 'Fake Audio Output 1', 'Fake Audio Output 2'];

/** Offline without the plugin: getDeviceManager ≈7 s, createTeamsCallAgent ≈14–16 s (measured-here.md). */
const DEVICE_MANAGER_BUDGET_MS = 5_000;
const AGENT_BUDGET_MS = 10_000;

function since(start: number): number {
  return Math.round(performance.now() - start);
}

function recordingObserver(): SessionObserver & { connections: Array<{ connected: boolean; reason?: string }> } {
  const connections: Array<{ connected: boolean; reason?: string }> = [];
  return {
    connections,
    connection: (connected, reason) => connections.push({ connected, reason }),
    incoming: () => undefined,
    incomingEnded: () => undefined,
    callState: () => undefined,
    callEnded: () => undefined,
    changed: () => undefined,
  };
}

/** The CCaaS persona's token, as the product gets it: Entra (password grant here) → ACS exchange. */
async function teamsExtensionToken(name: keyof typeof AGENTS, signal?: AbortSignal): Promise<AcsToken & { identityId: string }> {
  const { config } = await devTenant();
  const provider = new PasswordGrantProvider(config.testAutomation.clientId, AGENTS[name].upn, AGENTS[name].password);
  const entraToken = await provider.getAccessToken(config.scopes.ccaasPersona);
  return exchangeTeamsExtensionToken(config.acs.endpoint, entraToken, signal);
}

const base64url = (value: unknown) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** An unsigned JWT: the SDK reads the claims but cannot check a signature, so these reach its own checks. */
function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', kid: 'offline-test', x5t: 'offline-test', typ: 'JWT' })}.${base64url(claims)}.${base64url('not a signature')}`;
}

/** Claims shaped like the dev tenant's (and ACS's) tokens for the CCaaS persona (dev-tenant/src/acs/acs-tokens.ts). */
async function acsClaims(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { config } = await devTenant();
  const resourceId = config.acs.immutableResourceId;
  const now = Math.floor(Date.now() / 1000);
  return {
    skypeid: `acs:${resourceId}_${config.tenantId}_${AGENTS.avery.id}`,
    scp: 1792,
    csi: String(now),
    acsScope: 'voip',
    resourceId,
    resourceLocation: 'unitedstates',
    rgn: 'amer',
    oid: AGENTS.avery.id,
    tid: config.tenantId,
    iat: now,
    nbf: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** The credential CallAgentSession builds, on a token source that always hands back this token. */
function sessionLikeCredential(token: string): RenewingTokenCredential {
  let expiresOnTimestamp = Date.now() + 3600_000;
  try {
    expiresOnTimestamp = (claimsOf(token).exp as number) * 1000;
  } catch {
    // Not a JWT: the SDK refuses it before any renewal matters.
  }
  const same = { token, expiresOnTimestamp };
  return new RenewingTokenCredential(same, async () => same);
}


const fixed =
  (token: string): AcsTokenSource =>
  async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

describe('the real Calling SDK behind CallAgentSession (headless Chromium, offline)', () => {
  let sdk: CallingSdk;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];

  before(async () => {
    await executeServerCommand('calling-sdk-offline');
    const start = performance.now();
    sdk = await loadCallingSdk();
    console.warn(`[calling-real-sdk] first import of the SDK: ${since(start)} ms`);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  });

  function track<T extends { dispose(): unknown }>(disposable: T): T {
    cleanups.push(() => disposable.dispose());
    return disposable;
  }

  describe('devices', () => {
    it('lists Chromium’s fake microphones and speakers through CallClient.getDeviceManager()', async () => {
      const client = track(new sdk.CallClient());
      let start = performance.now();
      const devices = await client.getDeviceManager();
      const deviceManagerMs = since(start);
      start = performance.now();
      const access = await devices.askDevicePermission({ audio: true, video: false });
      const permissionMs = since(start);
      // The fake UI grants everything; the SDK reports video as granted even though it was not asked for.
      expect(access.audio).to.equal(true);

      const microphones = await devices.getMicrophones();
      const speakers = await devices.getSpeakers();
      expect(microphones.map((d) => d.name)).to.deep.equal(FAKE_MICROPHONES);
      expect(microphones.map((d) => d.deviceType)).to.deep.equal(['Microphone', 'Microphone', 'Microphone']);
      expect(microphones[0]).to.include({ id: 'microphone:default', isSystemDefault: true });
      expect(speakers.map((d) => d.name)).to.deep.equal(FAKE_SPEAKERS);
      expect(speakers[0]).to.include({ id: 'speaker:default', deviceType: 'Speaker', isSystemDefault: true });
      expect(devices.isSpeakerSelectionAvailable).to.equal(true);
      expect(devices.selectedMicrophone?.name).to.equal('Fake Default Audio Input');
      expect(devices.selectedSpeaker?.name).to.equal('Fake Default Audio Output');

      await devices.selectMicrophone(microphones[1]!);
      expect(devices.selectedMicrophone?.name).to.equal('Fake Audio Input 1');
      await devices.selectSpeaker(speakers[2]!);
      expect(devices.selectedSpeaker?.name).to.equal('Fake Audio Output 2');

      expect(deviceManagerMs).to.be.below(DEVICE_MANAGER_BUDGET_MS);
      console.warn(`[calling-real-sdk] getDeviceManager ${deviceManagerMs} ms, askDevicePermission ${permissionMs} ms, access ${JSON.stringify(access)}`);

      const requests = (await executeServerCommand('calling-sdk-offline-requests')) as OfflineRequest[];
      const configHosts = new Set(requests.filter((r) => r.action === 'config').map((r) => new URL(r.url).hostname));
      expect([...configHosts]).to.include('ecs.communication.microsoft.com');
    });
  });

  describe('a Teams call agent with a real dev-tenant token (CCaaS persona)', () => {
    before(async () => {
      await resetDevTenant();
      await provisionTenant(['avery', 'blake']);
    });

    it('starts a session that stays Disconnected offline, lists devices through it and disposes cleanly', async () => {
      const { config } = await devTenant();
      let exchanges = 0;
      const tokens: AcsTokenSource = async (signal) => {
        exchanges++;
        return teamsExtensionToken('avery', signal);
      };
      const observer = recordingObserver();

      let start = performance.now();
      const session = await CallAgentSession.start(loadCallingSdk(), tokens, observer, new AbortController().signal);
      const startMs = since(start);
      cleanups.push(() => session.dispose());

      expect(exchanges).to.equal(1);
      // The registrar and Trouter are unreachable: the agent exists but never connects, and says nothing.
      expect(session.connected).to.equal(false);
      expect(observer.connections.filter((c) => c.connected)).to.deep.equal([]);
      expect(session.incomingCalls).to.deep.equal([]);
      expect(session.activeCall).to.equal(undefined);
      expect(startMs).to.be.below(AGENT_BUDGET_MS);

      const microphones = await session.microphones();
      expect(microphones.devices.map((d) => d.name)).to.deep.equal(FAKE_MICROPHONES);
      expect(microphones.selected?.name).to.equal('Fake Default Audio Input');
      const speakers = await session.speakers();
      expect(speakers.devices.map((d) => d.name)).to.deep.equal(FAKE_SPEAKERS);
      expect(speakers.selected?.name).to.equal('Fake Default Audio Output');
      expect(speakers.available).to.equal(true);
      await session.selectMicrophone(microphones.devices[2]!);
      expect((await session.microphones()).selected?.name).to.equal('Fake Audio Input 2');

      start = performance.now();
      await session.dispose();
      const disposeMs = since(start);
      await session.dispose(); // a second dispose is a no-op
      expect(session.connected).to.equal(false);

      const requests = (await executeServerCommand('calling-sdk-offline-requests')) as OfflineRequest[];
      const hosts = [...new Set(requests.map((r) => `${new URL(r.url).hostname}:${r.action}`))].sort();
      expect(hosts).to.include('config.teams.microsoft.com:config');
      console.warn(
        `[calling-real-sdk] CallAgentSession.start ${startMs} ms (connected ${session.connected}), dispose ${disposeMs} ms, ` +
          `ACS endpoint ${config.acs.endpoint}; outside hosts so far: ${hosts.join(', ')}`,
      );
    });

    it('gets the same agent back for the same identity, and 40008 (agent-already-exists) for another one', async () => {
      const avery = await teamsExtensionToken('avery');
      const blake = await teamsExtensionToken('blake');
      expect(claimsOf(avery.token)).to.include({ oid: AGENTS.avery.id, acsScope: 'voip' });
      expect(avery.identityId).to.match(/^8:acs:/);

      const client: SdkCallClient = track(new sdk.CallClient());
      const averyCredential = track(new AzureCommunicationTokenCredential(avery.token));
      const blakeCredential = track(new AzureCommunicationTokenCredential(blake.token));
      const start = performance.now();
      const agent = await client.createTeamsCallAgent(averyCredential);
      const agentMs = since(start);
      cleanups.push(() => agent.dispose());
      expect(agent.connectionState).to.equal('Disconnected');
      expect(agent.calls).to.deep.equal([]);

      // The SDK checks the identity first: the same one gets the existing agent, not an error.
      expect(await client.createTeamsCallAgent(averyCredential)).to.equal(agent);

      const error = (await rejection(client.createTeamsCallAgent(blakeCredential))) as SdkError;
      expect({ code: error.code, subCode: error.subCode }).to.deep.equal({ code: 400, subCode: 40008 });
      const mapped = callingError(error, 'go online');
      expect(mapped).to.be.instanceOf(TpeError);
      expect(mapped.code).to.equal('agent-already-exists');
      console.warn(`[calling-real-sdk] raw createTeamsCallAgent ${agentMs} ms → ${agent.connectionState}; second identity → ${error.code}/${error.subCode} "${error.message}"`);
    });
  });

  describe('token errors, mapped by CallAgentSession.start', () => {
    /** What refuses a token in the credential CallAgentSession builds (the SDK, or an older credential), and what the session makes of it. */
    async function refusal(token: string): Promise<{ raw: { name: string; code?: number; subCode?: number }; mapped: string; ms: number }> {
      const client = track(new sdk.CallClient());
      const raw = (await rejection((async () => client.createTeamsCallAgent(track(sessionLikeCredential(token))))())) as SdkError;
      const start = performance.now();
      const error = await rejection(CallAgentSession.start(loadCallingSdk(), fixed(token), recordingObserver(), new AbortController().signal));
      const ms = since(start);
      expect(error).to.be.instanceOf(TpeError);
      return { raw: { name: raw.name, code: raw.code, subCode: raw.subCode }, mapped: (error as TpeError).code, ms };
    }

    it('not a JWT → 401/44111 → invalid-token (whatever common version: the session’s credential does not decode it)', async () => {
      const result = await refusal('not-a-jwt');
      expect(result.raw).to.include({ code: 401, subCode: 44111 });
      expect(result.mapped).to.equal('invalid-token');
      expect(result.ms).to.be.below(1_000);
    });

    it('no voip scope → 401/44113 → token-without-calling', async () => {
      const result = await refusal(unsignedJwt(await acsClaims({ acsScope: 'chat', scp: 0 })));
      expect(result.raw).to.include({ code: 401, subCode: 44113 });
      expect(result.mapped).to.equal('token-without-calling');
      expect(result.ms).to.be.below(1_000);
    });

    it('expired → 401/40235 → token-expired (the refresher hands back the same expired token)', async () => {
      const result = await refusal(unsignedJwt(await acsClaims({ exp: Math.floor(Date.now() / 1000) - 3600 })));
      expect(result.raw).to.include({ code: 401, subCode: 40235 });
      expect(result.mapped).to.equal('token-expired');
      expect(result.ms).to.be.below(1_000);
    });

    it('an expired token in a credential without a refresher is not checked: the agent is created, Disconnected', async () => {
      // The SDK itself does not read `exp`: 40235 comes from AzureCommunicationTokenCredential's refresher.
      const client = track(new sdk.CallClient());
      const token = unsignedJwt(await acsClaims({ exp: Math.floor(Date.now() / 1000) - 3600 }));
      const agent = await client.createTeamsCallAgent(track(new AzureCommunicationTokenCredential(token)));
      cleanups.push(() => agent.dispose());
      expect(agent.connectionState).to.equal('Disconnected');
    });

    it('a plain ACS user token (no oid) into createTeamsCallAgent → 403/40231 → not-a-teams-token', async () => {
      const { config } = await devTenant();
      const claims = await acsClaims({ skypeid: `acs:${config.acs.immutableResourceId}_00000000-0000-0000-0000-0000000000a1` });
      delete claims.oid;
      delete claims.tid;
      const result = await refusal(unsignedJwt(claims));
      expect(result.raw).to.include({ code: 403, subCode: 40231 });
      expect(result.mapped).to.equal('not-a-teams-token');
      expect(result.ms).to.be.below(1_000);
    });
  });
});
