// Web Test Runner plugin: lets the real Azure Communication Services Calling SDK start quickly with no
// network. Offline, the SDK retries its remote configuration for seconds (getDeviceManager ≈7 s, agent
// creation ≈15 s). Here the test's browser context is kept off the network as scripts/calling-sdk-offline.mjs
// says, and what it did is recorded for the test to read.

import { keepCallingSdkOffline } from '../../../scripts/calling-sdk-offline.mjs';

/**
 * @typedef {{ at: number, kind: 'http' | 'websocket', method: string, url: string, action: 'config' | 'aborted' | 'closed' }} OfflineRequest
 */

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function callingSdkOfflinePlugin() {
  /** Per test session (one browser context each): when routing started and what it did. */
  /** @type {Map<string, { since: number, requests: OfflineRequest[] }>} */
  const sessions = new Map();

  return {
    name: 'calling-sdk-offline',
    async executeCommand({ command, session }) {
      if (command === 'calling-sdk-offline-requests') return sessions.get(session.id)?.requests ?? [];
      if (command !== 'calling-sdk-offline') return undefined;
      if (sessions.has(session.id)) return true;
      const launcher = /** @type {import('@web/test-runner-playwright').PlaywrightLauncher} */ (/** @type {unknown} */ (session.browser));
      const context = launcher.getPage(session.id).context();
      const state = { since: Date.now(), requests: /** @type {OfflineRequest[]} */ ([]) };
      sessions.set(session.id, state);
      /** @param {Omit<OfflineRequest, 'at'>} entry */
      const note = (entry) => state.requests.push({ at: Date.now() - state.since, ...entry });

      await keepCallingSdkOffline(context, note);
      return true;
    },
  };
}
