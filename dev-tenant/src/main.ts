import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURE_PATH, loadFixture } from './fixture.js';
import { startDevTenant } from './server.js';
import { devTenantSettings } from './settings.js';
import { directoriesOf } from './tenants.js';

const USAGE = `Usage: npm run dev-tenant -- [--port N] [--host H] [--fixture FILE] [--state FILE] [--log]

Serves Entra, Microsoft Graph and ACS stand-ins for the fixture's tenants (a CCaaS vendor's and its customers') on loopback.
  --port     port to listen on (default: $TPE_DEV_TENANT_PORT or 4010; 0 picks a free one)
  --host     address to bind (default 127.0.0.1)
  --fixture  tenant fixture JSON (default ${DEFAULT_FIXTURE_PATH})
  --state    keep consents, assignments, tokens and the signing key in this file across restarts
  --log      log each request (method, path, status; never tokens)`;

function parsePort(value: string | undefined): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a whole number from 0 to 65535, not "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      fixture: { type: 'string' },
      state: { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values.port ?? process.env.TPE_DEV_TENANT_PORT ?? '4010');
  const fixturePath = values.fixture ?? DEFAULT_FIXTURE_PATH;
  const fixture = await loadFixture(fixturePath);
  const tenant = await startDevTenant({ fixture, port, host: values.host, statePath: values.state, logRequests: values.log });
  const settings = devTenantSettings(tenant.ctx);
  console.log(`Dev tenant "${settings.tenantDisplayName}" (${settings.tenantId}) on ${tenant.url}

  Entra authority   ${settings.urls.entra}   (discovery: ${settings.urls.entra}/v2.0/.well-known/openid-configuration)
  Microsoft Graph   ${settings.urls.graph}/v1.0, ${settings.urls.graph}/beta
  ACS endpoint      ${settings.acs.endpoint}
  ACS connection    endpoint=${settings.acs.endpoint};accesskey=<acs.accessKey in the fixture>
  Page settings     ${tenant.url}/.dev/config

MSAL configuration for a page:
  auth.clientId           ${settings.msal.clientId}
  auth.authority          ${settings.msal.authority}
  auth.knownAuthorities   ${JSON.stringify(settings.msal.knownAuthorities)}
  auth.authorityMetadata  fetch ${tenant.url}/.dev/config and use msal.authorityMetadata

Test automation (the password grant; the SPA above refuses it, as Entra does):
  client_id               ${settings.testAutomation.clientId}

Fixture users by tenant (their passwords are users[].password in the fixture, and in the README); any of them
may sign in at ${tenant.url}/organizations, each only at their own tenant's authority:
${directoriesOf(fixture)
  .map(({ tenant: t, users }) => [`  ${t.displayName} (${t.id})`, ...users.map((u) => `    ${u.userPrincipalName.padEnd(38)} ${u.roles.join(', ') || 'agent'}${u.teamsLicense ? '' : ' (no Teams licence)'}`)].join('\n'))
  .join('\n')}

Fixture: ${fixturePath}
${values.state ? `\nState is kept in ${values.state}.` : '\nState is in memory: it resets when this process stops (use --state FILE to keep it).'}
Press Ctrl-C to stop.`);

  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping the dev tenant.`);
    await tenant.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error & { code?: string }) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`dev tenant: the port is already in use. Stop the other process or choose another port with --port or TPE_DEV_TENANT_PORT.`);
  } else {
    console.error(`dev tenant: ${error.message}`);
  }
  process.exit(1);
});
