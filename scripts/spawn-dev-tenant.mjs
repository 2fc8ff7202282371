// The dev tenant as its own process; its start-up banner tells where it listens and its ACS connection string.
import { spawnService } from './spawn-service.mjs';

/**
 * @param {{ port?: number, args?: string[], quiet?: boolean }} [options]
 * @returns {Promise<import('./spawn-service.mjs').Service & { url: string, connectionString: string }>}
 */
export async function spawnDevTenant({ port = 0, args = [], quiet = true } = {}) {
  const service = await spawnService({
    name: 'the dev tenant',
    entry: 'dev-tenant/src/main.ts',
    args: ['--port', String(port), ...args],
    ready: /Press Ctrl-C to stop\./,
    quiet,
  });
  const url = /Dev tenant .* on (http:\/\/\S+)/.exec(service.output)?.[1];
  const connectionString = /ACS connection\s+(endpoint=\S+)/.exec(service.output)?.[1];
  if (!url || !connectionString) {
    await service.stop();
    throw new Error(`the dev tenant's banner lacks its URL or connection string:\n${service.output}`);
  }
  return { ...service, url, connectionString };
}
