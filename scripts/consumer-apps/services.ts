// What the built apps run against: the dev tenant (Entra, Graph, ACS and the calling service), each app
// served by its own `vite preview`, and the token proxy, whose CORS_ORIGINS are those apps' origins. Every
// port is 0 (a free one) unless an environment variable names it.
import { provisionAgent } from '../bench/call-agent-services.js';
import { spawnDevTenant } from '../spawn-dev-tenant.mjs';
import { proxyEnvForDevTenant, spawnProxy } from '../spawn-proxy.mjs';
import { serve, type Server } from './processes.js';
import type { AppName, Workspace } from './workspace.js';

function port(name: string): number {
  const value = Number(process.env[name] ?? 0);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number from 0 to 65535, not "${process.env[name]}".`);
  return value;
}

export interface Services {
  devTenantUrl: string;
  proxyUrl: string;
  apps: Map<AppName, string>;
  stop(): Promise<void>;
}

export async function startServices(workspace: Workspace, built: AppName[]): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.map((s) => s()));
  };
  try {
    const tenant = await spawnDevTenant({ port: port('TPE_CONSUMERS_DEV_TENANT_PORT') });
    stops.push(tenant.stop);
    const apps = new Map<AppName, string>();
    for (const app of built) {
      const preview = await previewApp(workspace, app, port(`TPE_CONSUMERS_${app.toUpperCase()}_PORT`));
      stops.push(preview.stop);
      apps.set(app, preview.url.replace(/\/$/, ''));
    }
    const env = await proxyEnvForDevTenant(tenant, { port: port('TPE_CONSUMERS_PROXY_PORT'), corsOrigins: [...apps.values()] });
    const proxy = await spawnProxy(env);
    stops.push(proxy.stop);
    await provisionAgent(tenant.url, proxy.url);
    return { devTenantUrl: tenant.url, proxyUrl: proxy.url, apps, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `vite preview` of the app's dist, on loopback. */
function previewApp(workspace: Workspace, app: AppName, portNumber: number): Promise<Server> {
  return serve(workspace.bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(portNumber), '--strictPort'], {
    cwd: workspace.app(app),
    ready: /Local:\s+(http:\/\/\S+)/,
  });
}
