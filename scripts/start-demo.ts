// `npm start`: the dev tenant, the token proxy and the demo page; one URL printed, all stopped on Ctrl-C.
import { createServer } from 'vite';
import { spawnDevTenant } from './spawn-dev-tenant.mjs';
import { proxyEnvForDevTenant, spawnProxy } from './spawn-proxy.mjs';

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

const tenant = await spawnDevTenant({ port: devTenantPort, quiet: true }).catch((error: Error) => {
  console.error(error.message.includes('already in use') ? `Port ${devTenantPort} is busy: set TPE_DEV_TENANT_PORT to another port.` : error.message);
  process.exit(1);
});
const proxy = await proxyEnvForDevTenant(tenant, { port: proxyPort, corsOrigins: [`http://localhost:${demoPort}`, `http://127.0.0.1:${demoPort}`] })
  .then(spawnProxy)
  .catch(async (error: Error) => {
    await tenant.stop();
    console.error(error.message.includes('already in use') ? `Port ${proxyPort} is busy: set TPE_PROXY_PORT to another port.` : error.message);
    process.exit(1);
  });
process.env.VITE_DEV_TENANT_URL = tenant.url;
process.env.VITE_PROXY_URL = proxy.url;

const stopServices = () => Promise.allSettled([tenant.stop(), proxy.stop()]);
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
for (const [name, service] of [['dev tenant', tenant], ['token proxy', proxy]] as const) {
  service.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`The ${name} stopped unexpectedly (exit ${code}).`);
      void stop(`${name} exit`);
    }
  });
}
