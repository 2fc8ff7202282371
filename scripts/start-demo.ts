// `npm start`: the dev tenant, the token proxy and the demo page; one URL printed, all stopped on Ctrl-C. A service
// that dies on its own is started again on its port (scripts/supervise-child.mjs) while the others keep running.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { spawnDevTenant } from './spawn-dev-tenant.mjs';
import { proxyEnvForDevTenant, spawnProxy } from './spawn-proxy.mjs';
import { superviseService } from './supervise-child.mjs';

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number from 0 to 65535, not "${process.env[name]}".`);
    process.exit(1);
  }
  return value;
}

const devTenantPort = port('TPE_DEV_TENANT_PORT', 4010);
const demoPort = port('TPE_DEMO_PORT', 5173);
const proxyPort = port('TPE_PROXY_PORT', 4020);

// The dev tenant keeps its state in a file for this run only, so that a restarted one still knows the agents'
// sign-ins, consents and tokens (and signs with the same key); Ctrl-C removes it, as before each run starts afresh.
const stateDir = await mkdtemp(join(tmpdir(), 'tpe-demo-'));
const removeState = () => rm(stateDir, { recursive: true, force: true });
const tenant = await superviseService({
  name: 'the dev tenant',
  title: 'Dev tenant',
  port: devTenantPort,
  start: (port) => spawnDevTenant({ port, quiet: true, args: ['--state', join(stateDir, 'dev-tenant-state.json')] }),
  afterRestart: 'Sign-ins, consents and tokens are kept; calls in progress and its /.dev clock, policy and calling settings start afresh.',
}).catch(async (error: Error) => {
  await removeState();
  console.error(error.message.includes('already in use') ? `Port ${devTenantPort} is busy: set TPE_DEV_TENANT_PORT to another port.` : error.message);
  process.exit(1);
});
const proxy = await proxyEnvForDevTenant(tenant.started, { port: proxyPort, corsOrigins: [`http://localhost:${demoPort}`, `http://127.0.0.1:${demoPort}`] })
  .then((env) => superviseService({ name: 'the token proxy', title: 'Token proxy', port: proxyPort, start: (port) => spawnProxy({ ...env, PORT: String(port) }) }))
  .catch(async (error: Error) => {
    await tenant.stop().then(removeState, removeState);
    console.error(error.message.includes('already in use') ? `Port ${proxyPort} is busy: set TPE_PROXY_PORT to another port.` : error.message);
    process.exit(1);
  });
process.env.VITE_DEV_TENANT_URL = tenant.url;
process.env.VITE_PROXY_URL = proxy.url;

const stopServices = () => Promise.allSettled([tenant.stop().then(removeState), proxy.stop()]);
const vite = await createServer({ server: { port: demoPort, strictPort: true } }).catch(async (error: Error) => {
  await stopServices();
  console.error(error.message);
  process.exit(1);
});
try {
  await vite.listen();
} catch (error) {
  await stopServices();
  const busy = (error as Error).message.includes('already in use');
  console.error(busy ? `Port ${demoPort} is busy: set TPE_DEMO_PORT to another port.` : (error as Error).message);
  process.exit(1);
}

const demoUrl = vite.resolvedUrls?.local[0] ?? `http://localhost:${demoPort}/`;
console.log(`
  tpe-elements demo: ${demoUrl}

  Dev tenant (Entra, Graph, ACS) ${tenant.url}   fixture users: see the README
  Token proxy                    ${proxy.url}
  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo, the token proxy and the dev tenant.`);
  await Promise.allSettled([vite.close(), stopServices()]);
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
