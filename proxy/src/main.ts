import { ConfigError, loadConfig } from './config.js';
import { startProxy } from './server.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const proxy = await startProxy(config);
  proxy.app.log.info({ url: proxy.url, acsEndpoint: config.acs.endpoint, tenants: config.entra.allowedTenants }, 'token proxy listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    proxy.app.log.info({ signal }, 'finishing in-flight requests, then stopping');
    const timer = setTimeout(() => {
      proxy.app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await proxy.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error & { code?: string }) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error.code === 'EADDRINUSE') console.error('token proxy: the port is already in use. Set PORT to another port.');
  else console.error(`token proxy: ${error.message}`);
  process.exit(1);
});
