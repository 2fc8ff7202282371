import { ConfigError, loadConfig } from './config.js';
import { startProxy } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const proxy = await startProxy(config);
  proxy.app.log.info({ url: proxy.url, acsEndpoint: config.acs.endpoint, tenants: config.entra.allowedTenants }, 'token proxy listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    proxy.app.log.info({ signal, graceMs: config.timeouts.shutdownGraceMs }, 'finishing in-flight requests, then stopping');
    const { ended } = await proxy.shutdown(config.timeouts.shutdownGraceMs);
    if (ended) proxy.app.log.warn({ ended }, 'ended connections still open after the grace period');
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
