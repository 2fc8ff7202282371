// The dev tenant as its own process; its start-up banner tells where it listens. The ACS access key never goes
// into its log: whoever starts it chose the fixture, so the key is read from there.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { spawnService } from './spawn-service.mjs';

const DEFAULT_FIXTURE = fileURLToPath(new URL('../dev-tenant/fixtures/contoso.json', import.meta.url));

/** @param {string[]} args */
async function accessKeyOf(args) {
  const at = args.indexOf('--fixture');
  const fixture = /** @type {{ acs: { accessKey: string } }} */ (JSON.parse(await readFile(at >= 0 ? args[at + 1] : DEFAULT_FIXTURE, 'utf8')));
  return fixture.acs.accessKey;
}

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
  if (!url) {
    await service.stop();
    throw new Error(`the dev tenant's banner lacks its URL:\n${service.output}`);
  }
  return { ...service, url, connectionString: `endpoint=${url}/;accesskey=${await accessKeyOf(args)}` };
}
