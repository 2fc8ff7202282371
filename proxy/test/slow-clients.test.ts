import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestTenant, type DevTenant } from '@tpe-elements/dev-tenant/testing';
import { callProxy, devTenantEnv, startTestProxy, type TokenProxy } from './support/proxy.js';
import { parseRawAnswer, rawConnection, statusFrom, type RawExchange } from './support/raw-http.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** A request line and headers that promise a body, which never comes. */
const SILENT_BODY = 'PUT /api/tenants/x/assignments/y HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';

describe('token proxy: silent and slow callers', () => {
  let tenant: DevTenant;
  let proxy: TokenProxy;
  before(async () => {
    tenant = await startTestTenant();
    proxy = await startTestProxy(tenant, { REQUEST_TIMEOUT_MS: '500' });
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  it('answers a request whose body never arrives 408 request_timeout in the documented shape, and closes it', { timeout: 10_000 }, async () => {
    const { closed } = await rawConnection(proxy.url, SILENT_BODY);
    const answer = parseRawAnswer(await closed);
    assert.equal(answer.status, 408);
    assert.equal(answer.body.error.code, 'request_timeout');
    assert.equal(answer.headers.connection, 'close');
  });

  it('closes a connection whose headers are dribbled out a byte at a time', { timeout: 10_000 }, async () => {
    const connection = await rawConnection(proxy.url, 'GET /api/config HTTP/1.1\r\n');
    const drip = setInterval(() => connection.socket.writable && connection.socket.write('X'), 100);
    try {
      assert.equal(parseRawAnswer(await connection.closed).status, 408);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection that never sends a byte', { timeout: 10_000 }, async () => {
    const { closed } = await rawConnection(proxy.url);
    await closed;
  });

  it('answers headers over the size limit 431 headers_too_large in the documented shape', async () => {
    const { closed } = await rawConnection(proxy.url, `GET /api/config HTTP/1.1\r\nHost: proxy\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`);
    const answer = parseRawAnswer(await closed);
    assert.equal(answer.status, 431);
    assert.deepEqual(Object.keys(answer.body.error), ['code', 'message']);
    assert.equal(answer.body.error.code, 'headers_too_large');
  });

  it('refuses a request with two Host headers with 400 duplicate_host', async () => {
    const { closed } = await rawConnection(proxy.url, 'GET /api/config HTTP/1.1\r\nHost: proxy.example\r\nHost: evil.example\r\n\r\n');
    const answer = parseRawAnswer(await closed);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'duplicate_host');
  });
});

describe('token proxy: a refused request closes its connection', () => {
  let tenant: DevTenant;
  let proxy: TokenProxy;
  before(async () => {
    tenant = await startTestTenant();
    // A minute-long request timeout: the connection can only close this soon because the refusal closed it.
    proxy = await startTestProxy(tenant, { RATE_LIMIT_PER_IP: '1', REQUEST_TIMEOUT_MS: '60000' });
  });
  after(async () => {
    await proxy.close();
    await tenant.close();
  });

  it('closes a rate-limited request that promised a body it never sends', { timeout: 10_000 }, async () => {
    assert.equal((await callProxy(proxy, '/api/config')).status, 200);
    const { closed } = await rawConnection(proxy.url, SILENT_BODY);
    const answer = parseRawAnswer(await closed);
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.connection, 'close');
  });
});

/** The real proxy command under a file-descriptor limit, as an operator would run it. */
function spawnProxyUnderFdLimit(env: Record<string, string>, fdLimit: number): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn('bash', ['-c', `ulimit -n ${fdLimit} && exec "${process.execPath}" --import tsx "${MAIN}"`], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const url = /"url":"(http:[^"]+)"/.exec(output)?.[1];
      if (url) resolve({ child, url, exited });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    void exited.then((code) => reject(new Error(`the proxy exited (${code}) before listening:\n${output}`)));
  });
}

describe('token proxy: one address cannot starve the others', () => {
  let tenant: DevTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  it('serves a second address while another holds 400 silent connections under a 256-descriptor limit, then stops on SIGTERM with exit 0', { timeout: 30_000 }, async () => {
    const { child, url, exited } = await spawnProxyUnderFdLimit(
      devTenantEnv(tenant, { CONNECTIONS_PER_IP: '50', REQUEST_TIMEOUT_MS: '60000', SHUTDOWN_GRACE_MS: '1000' }),
      256,
    );
    const attacker: RawExchange[] = [];
    try {
      for (let i = 0; i < 400; i++) attacker.push(await rawConnection(url, SILENT_BODY, '127.0.0.1'));
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await statusFrom('127.0.0.2', `${url}/healthz`));
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      child.kill('SIGTERM');
      // Stuck connections are ended after the grace period; the process exits cleanly rather than being killed.
      assert.equal(await exited, 0);
    } finally {
      for (const { socket } of attacker) socket.destroy();
      child.kill('SIGKILL');
    }
  });
});
