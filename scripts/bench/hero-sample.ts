// The Azure sample token server (communication-services-authentication-hero-nodejs: Express, express-jwt,
// jwks-rsa and the identity SDK), installed by the person running the bench in BENCH_SAMPLE_DIR, started
// as a child process against the same upstreams as the proxy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portOrFree, type Children } from './children.js';
import type { ServerChild } from './services.js';

/**
 * How to install it, outside this repository. Its own lockfile is v1 and resolves one package from a private
 * Microsoft feed, so the install resolves afresh, with the identity SDK at the proxy's version (1.3.1): the
 * comparison is of the servers around the SDK, not of SDK versions. tsc reports type errors in today's
 * @types but emits build/ all the same; --skipLibCheck keeps it quiet.
 */
export const SAMPLE_INSTALL_COMMANDS = [
  'git clone https://github.com/Azure-Samples/communication-services-authentication-hero-nodejs /tmp/hero-sample',
  'cd /tmp/hero-sample && rm package-lock.json && npm install @azure/communication-identity@1.3.1 && npx tsc --skipLibCheck',
];

export const SAMPLE_INSTALL_HINT = `The Azure sample was not run: install it with \`${SAMPLE_INSTALL_COMMANDS.join(' && ')}\`, then run the bench with BENCH_SAMPLE_DIR=/tmp/hero-sample.`;

const ENTRA_HOST_SHIM = fileURLToPath(new URL('./entra-host-shim.mjs', import.meta.url));

export interface SampleSettings {
  dir: string;
  /** 0: a free one. */
  port: number;
  /** The dev tenant, which stands in for login.microsoftonline.com (its signing keys). */
  tenantUrl: string;
  tenantId: string;
  /** The client the Teams user's Entra token was issued to, which ACS checks it against. */
  clientId: string;
  /** The instant upstream's, over https: the sample's SDK client refuses plain http. */
  acsConnectionString: string;
  /** The instant upstream's self-signed certificate. */
  caFile: string;
  cpus?: string;
}

/** Checked before anything runs, so a wrong folder does not cost a whole run first: it has been installed and built. */
export function assertSampleInstalled(dir: string): void {
  if (!existsSync(join(dir, 'build', 'server.js')) || !existsSync(join(dir, 'node_modules'))) {
    throw new Error(`BENCH_SAMPLE_DIR=${dir} has no build/server.js or node_modules. ${SAMPLE_INSTALL_HINT.replace('The Azure sample was not run: install', 'Install')}`);
  }
}

/** `node build/server.js` in the sample's folder, in production mode, configured through its environment variables. */
export async function startSample(children: Children, settings: SampleSettings): Promise<ServerChild> {
  // Given PORT=0 it would listen on a free port but print 0, so it is given one.
  const port = await portOrFree(settings.port);
  const child = await children.start({
    name: 'the Azure sample',
    entry: 'build/server.js',
    cwd: settings.dir,
    nodeOptions: ['--import', ENTRA_HOST_SHIM],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      communicationServices_connectionString: settings.acsConnectionString,
      azureActiveDirectory_clientId: settings.clientId,
      azureActiveDirectory_tenantId: settings.tenantId,
      // Read only by its on-behalf-of route, which the Teams exchange does not use.
      azureActiveDirectory_clientSecret: 'unused-by-the-teams-exchange',
      NODE_EXTRA_CA_CERTS: settings.caFile,
      BENCH_ENTRA_STAND_IN: settings.tenantUrl,
    },
    ready: { printed: /Press CTRL-C to stop/ },
    cpus: settings.cpus,
  });
  return { ...child, url: `http://127.0.0.1:${port}` };
}
