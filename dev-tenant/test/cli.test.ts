import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FIXTURE_PATH } from '../src/fixture.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Starts the dev tenant command and resolves once its banner says where it listens. */
function spawnDevTenant({ port, args = [] }: { port: number; args?: string[] }) {
  const process_ = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (process_.exitCode !== null || process_.signalCode !== null) return resolve();
      process_.once('exit', () => resolve());
      process_.kill('SIGTERM');
    });
  return new Promise<{ url: string; process: typeof process_; stop: () => Promise<void> }>((resolve, reject) => {
    let output = '';
    process_.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const url = /Dev tenant .* on (http:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('Press Ctrl-C')) resolve({ url, process: process_, stop });
    });
    process_.once('exit', (code) => reject(new Error(`the dev tenant exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Runs the dev tenant command to completion (for the cases where it must refuse to start). */
function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('dev tenant command', () => {
  it('serves its public settings without the access key, and stops on SIGTERM with exit 0', async () => {
    const tenant = await spawnDevTenant({ port: 0 });
    const config = (await (await fetch(`${tenant.url}/.dev/config`)).json()) as { msal: { authority: string }; acs: Record<string, string> };
    assert.match(config.msal.authority, /^https:\/\/login\.dev-tenant\.localhost\/[0-9a-f-]{36}$/);
    assert.equal(config.acs.connectionString, undefined, '/.dev/config carries no access key');
    const exited = new Promise<number | null>((resolve) => tenant.process.once('exit', resolve));
    await tenant.stop();
    assert.equal(await exited, 0);
  });

  it('shows everything a newcomer needs in its start-up banner, but no access key or password', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (c) => {
        output += c;
        if (output.includes('Press Ctrl-C')) resolve();
      });
    });
    child.kill('SIGINT');
    for (const expected of ['Entra authority', 'endpoint=http://127.0.0.1:', 'auth.clientId', 'auth.authority', 'knownAuthorities', 'avery.agent@contoso.dev', DEFAULT_FIXTURE_PATH]) {
      assert.ok(output.includes(expected), `banner lacks ${expected}`);
    }
    const fixture = JSON.parse(await readFile(DEFAULT_FIXTURE_PATH, 'utf8')) as { acs: { accessKey: string }; users: Array<{ password: string }> };
    for (const secret of [fixture.acs.accessKey, ...fixture.users.map((u) => u.password)]) assert.ok(!output.includes(secret), 'the banner prints a secret from the fixture');
  });

  it('refuses a malformed fixture with a message that names the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dev-tenant-'));
    const fixture = JSON.parse(await readFile(DEFAULT_FIXTURE_PATH, 'utf8')) as { tenant: { id: string } };
    fixture.tenant.id = 'not-a-guid';
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify(fixture));
    const bad = await runToExit(['--port', '0', '--fixture', path]);
    assert.equal(bad.code, 1);
    assert.match(bad.output, /\/tenant\/id must match pattern/);

    await writeFile(path, '{ not json');
    const notJson = await runToExit(['--port', '0', '--fixture', path]);
    assert.equal(notJson.code, 1);
    assert.match(notJson.output, /is not JSON/);
  });

  it('says clearly when its port is busy', async () => {
    const first = await spawnDevTenant({ port: 0 });
    try {
      const port = new URL(first.url).port;
      const second = await runToExit(['--port', port]);
      assert.equal(second.code, 1);
      assert.match(second.output, /port is already in use/);
    } finally {
      await first.stop();
    }
  });

  it('keeps consents, the signing key and refresh tokens across a restart with --state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dev-tenant-'));
    const statePath = join(dir, 'state.json');
    const first = await spawnDevTenant({ port: 0, args: ['--state', statePath] });
    const config = (await (await fetch(`${first.url}/.dev/config`)).json()) as { tenantId: string; testAutomation: { clientId: string } };
    await fetch(`${first.url}/.dev/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const keysBefore = await (await fetch(`${first.url}/${config.tenantId}/discovery/v2.0/keys`)).json();
    const grant = async (url: string, form: Record<string, string>) =>
      fetch(`${url}/${config.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ client_id: config.testAutomation.clientId, ...form }) });
    const tokens = (await (await grant(first.url, { grant_type: 'password', username: 'avery.agent@contoso.dev', password: 'Agent!1', scope: 'openid offline_access User.Read' })).json()) as { refresh_token: string };
    const port = new URL(first.url).port;
    await first.stop();

    const second = await spawnDevTenant({ port: Number(port), args: ['--state', statePath] });
    try {
      assert.deepEqual(await (await fetch(`${second.url}/${config.tenantId}/discovery/v2.0/keys`)).json(), keysBefore);
      const renewed = await grant(second.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'User.Read' });
      assert.equal(renewed.status, 200, 'the refresh token survived the restart');
      const stored = await readFile(statePath, 'utf8');
      assert.ok(!stored.includes(tokens.refresh_token), 'the state file keeps only hashes of refresh tokens');
    } finally {
      await second.stop();
    }
  });
});
