import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const KEY = Buffer.from('a test access key of 32 bytes!!!').toString('base64');

/** A complete, valid environment for a production-like deployment; tests change one thing at a time. */
const VALID = {
  ACS_CONNECTION_STRING: `endpoint=https://contoso.unitedstates.communication.azure.com/;accesskey=${KEY}`,
  ACS_RESOURCE_ID: 'fdecc348-2af3-4004-9b5c-b1e399471fc5',
  ENTRA_CLIENT_ID: '97b767a0-591b-402b-adc5-48925282d9bd',
  ENTRA_ALLOWED_TENANTS: 'cc723ae6-a5c6-40e2-b771-f6793c2e1d59',
  CORS_ORIGINS: 'https://desk.contoso.com',
};

/** The problems loadConfig reports for `env`; fails if it does not throw a ConfigError. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `threw ${String(error)}`);
    return error.problems;
  }
  assert.fail('loadConfig accepted the environment');
}

function assertProblem(problems: string[], pattern: RegExp) {
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `no problem matching ${pattern} in:\n  ${problems.join('\n  ')}`,
  );
}

describe('token proxy: configuration', () => {
  it('accepts a complete environment and applies the documented defaults', () => {
    const config = loadConfig(VALID);
    assert.equal(config.acs.endpoint, 'https://contoso.unitedstates.communication.azure.com');
    assert.equal(config.limits.bodyBytes, 16 * 1024);
    assert.equal(config.entra.clockToleranceSeconds, 30);
    assert.deepEqual(config.entra.allowedClientIds, [VALID.ENTRA_CLIENT_ID]);
    assert.deepEqual(config.entra.issuerTemplates, ['https://login.microsoftonline.com/{tid}/v2.0', 'https://sts.windows.net/{tid}/']);
  });

  it('lists every missing variable at once', () => {
    const problems = problemsOf({});
    assertProblem(problems, /ACS_CONNECTION_STRING or ACS_ENDPOINT is required/);
    assertProblem(problems, /ACS_RESOURCE_ID is required/);
    assertProblem(problems, /ENTRA_CLIENT_ID is required/);
    assertProblem(problems, /ENTRA_ALLOWED_TENANTS is required/);
  });

  it('lists every malformed variable at once, quoting the bad value', () => {
    const problems = problemsOf({
      ...VALID,
      ACS_CONNECTION_STRING: 'contoso.communication.azure.com',
      ACS_RESOURCE_ID: 'contoso-acs',
      ENTRA_ALLOWED_TENANTS: 'contoso.onmicrosoft.com',
      PORT: 'eighty',
      BODY_LIMIT_BYTES: '10',
      UPSTREAM_MAX_RETRIES: '-1',
      ACS_RESOURCE_ACCOUNT_PRINCIPAL_TYPE: 'ra',
      ENTRA_ISSUERS: 'https://login.microsoftonline.com/common/v2.0',
      CALLING_BACKEND: 'fake',
      LOG_LEVEL: 'loud',
    });
    assertProblem(problems, /ACS_CONNECTION_STRING must look like "endpoint=/);
    assertProblem(problems, /ACS_RESOURCE_ID must be a GUID, not "contoso-acs"/);
    assertProblem(problems, /ENTRA_ALLOWED_TENANTS must be a GUID, not "contoso.onmicrosoft.com"/);
    assertProblem(problems, /PORT must be a whole number from 0 to 65535, not "eighty"/);
    assertProblem(problems, /BODY_LIMIT_BYTES must be a whole number/);
    assertProblem(problems, /UPSTREAM_MAX_RETRIES must be a whole number/);
    assertProblem(problems, /ACS_RESOURCE_ACCOUNT_PRINCIPAL_TYPE must be resourceAccount or teamsResourceAccount/);
    assertProblem(problems, /ENTRA_ISSUERS entries must contain \{tid\}/);
    assertProblem(problems, /CALLING_BACKEND must be sdk or simulator, not "fake"/);
    assertProblem(problems, /LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, not "loud"/);
    assert.ok(problems.length >= 10);
  });

  it('takes a log level by name in any case', () => {
    assert.equal(loadConfig({ ...VALID, LOG_LEVEL: 'WARN' }).logLevel, 'warn');
    assert.equal(loadConfig(VALID).logLevel, 'info');
    assertProblem(problemsOf({ ...VALID, LOG_LEVEL: '30' }), /LOG_LEVEL must be one of .*, not "30"/);
  });

  it('turns telemetry on only when told where to send it, and refuses a malformed collector or port', () => {
    assert.deepEqual(loadConfig(VALID).telemetry, { serviceName: 'tpe-token-proxy', otlpEndpoint: undefined, metricExportIntervalMs: 60_000, prometheus: undefined });
    const on = loadConfig({ ...VALID, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/', PROMETHEUS_PORT: '9464', HOST: '0.0.0.0' }).telemetry;
    assert.equal(on.otlpEndpoint, 'http://otel-collector:4318', 'a collector on the cluster network may speak plain http');
    assert.deepEqual(on.prometheus, { host: '0.0.0.0', port: 9464 });
    const problems = problemsOf({ ...VALID, OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318', PROMETHEUS_PORT: 'yes', OTEL_METRIC_EXPORT_INTERVAL: '0' });
    assertProblem(problems, /OTEL_EXPORTER_OTLP_ENDPOINT must be/);
    assertProblem(problems, /PROMETHEUS_PORT must be a whole number from 0 to 65535, not "yes"/);
    assertProblem(problems, /OTEL_METRIC_EXPORT_INTERVAL must be a whole number/);
  });

  it('refuses CORS_ORIGINS="*", alone or in a list', () => {
    assertProblem(problemsOf({ ...VALID, CORS_ORIGINS: '*' }), /CORS_ORIGINS may not be "\*"/);
    assertProblem(problemsOf({ ...VALID, CORS_ORIGINS: 'https://desk.contoso.com, *' }), /CORS_ORIGINS may not be "\*"/);
  });

  it('refuses a plain-http ACS endpoint or authority that is not on loopback, and allows one on loopback', () => {
    const insecureAcs = problemsOf({ ...VALID, ACS_CONNECTION_STRING: `endpoint=http://contoso.communication.azure.com/;accesskey=${KEY}` });
    assertProblem(insecureAcs, /ACS endpoint must use https:\/\//);
    assertProblem(problemsOf({ ...VALID, ENTRA_AUTHORITY_HOST: 'http://login.example.com' }), /ENTRA_AUTHORITY_HOST must use https:\/\//);
    assertProblem(problemsOf({ ...VALID, CORS_ORIGINS: 'http://desk.contoso.com' }), /CORS_ORIGINS must use https:\/\//);
    const local = loadConfig({ ...VALID, ACS_CONNECTION_STRING: `endpoint=http://127.0.0.1:4010/;accesskey=${KEY}`, ENTRA_AUTHORITY_HOST: 'http://localhost:4010' });
    assert.equal(local.acs.endpoint, 'http://127.0.0.1:4010');
  });

  it('makes `npx tsx src/main.ts` with an empty environment exit 1 and say what is missing', async () => {
    const child = spawn('npx', ['tsx', 'src/main.ts'], { cwd: PACKAGE, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, output);
    assert.match(output, /The token proxy cannot start/);
    assert.match(output, /ACS_RESOURCE_ID is required/);
    assert.match(output, /ENTRA_CLIENT_ID is required/);
    assert.doesNotMatch(output, /\n\s+at /, 'a stack trace instead of a message');
  });
});
