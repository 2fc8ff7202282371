// `npm start`: the dev tenant and the demo page, one URL printed, both stopped cleanly on Ctrl-C.
import { createServer } from 'vite';
import { spawnDevTenant } from './spawn-dev-tenant.mjs';

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

const tenant = await spawnDevTenant({ port: devTenantPort, quiet: true }).catch((error: Error) => {
  console.error(error.message.includes('already in use') ? `Port ${devTenantPort} is busy: set TPE_DEV_TENANT_PORT to another port.` : error.message);
  process.exit(1);
});
process.env.VITE_DEV_TENANT_URL = tenant.url;

const vite = await createServer({ server: { port: demoPort, strictPort: true } }).catch(async (error: Error) => {
  await tenant.stop();
  console.error(error.message);
  process.exit(1);
});
try {
  await vite.listen();
} catch (error) {
  await tenant.stop();
  const busy = (error as Error).message.includes('already in use');
  console.error(busy ? `Port ${demoPort} is busy: set TPE_DEMO_PORT to another port.` : (error as Error).message);
  process.exit(1);
}

const demoUrl = vite.resolvedUrls?.local[0] ?? `http://localhost:${demoPort}/`;
console.log(`\n  tpe-elements demo: ${demoUrl}\n\n  Dev tenant (Entra, Graph, ACS) on ${tenant.url}; fixture users and settings: npm run dev-tenant -- --help\n  Press Ctrl-C to stop.\n`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo and the dev tenant.`);
  await Promise.allSettled([vite.close(), tenant.stop()]);
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
tenant.process.once('exit', (code) => {
  if (!stopping) {
    console.error(`The dev tenant stopped unexpectedly (exit ${code}).`);
    void stop('dev tenant exit');
  }
});
