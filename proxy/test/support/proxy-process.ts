import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROXY_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface ProxyProcess {
  url: string;
  /** Everything it wrote, to check that no secret got into its logs. */
  output(): string;
  /** SIGTERM (unless it has already ended), then its exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** What to run: the sources under tsx by default; the built proxy passes its own directory and `dist/main.js`. */
export interface ProxyLaunch {
  cwd: string;
  args: string[];
}
const FROM_SOURCES: ProxyLaunch = { cwd: PROXY_DIR, args: ['--import', 'tsx', 'src/main.ts'] };

/**
 * Runs the proxy (`src/main.ts` under tsx, or `launch`) as its own process with exactly `env` (and PATH), the
 * way an operator starts it. Needed where the process must trust a certificate from its start (`trust` becomes
 * NODE_EXTRA_CA_CERTS): Node reads extra CAs only then, and @azure/identity and the ACS SDK take no CA from the
 * proxy's config.
 */
export async function startProxyProcess(env: Record<string, string>, trust?: string, launch: ProxyLaunch = FROM_SOURCES): Promise<ProxyProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'tpe-proxy-'));
  const extra: Record<string, string> = {};
  if (trust) {
    extra.NODE_EXTRA_CA_CERTS = join(dir, 'dev-tenant.pem');
    await writeFile(extra.NODE_EXTRA_CA_CERTS, trust);
  }
  const child: ChildProcess = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    env: { PATH: process.env.PATH ?? '', ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'token proxy listening' && entry.url) resolve(entry.url);
      } catch {
        // not a log line
      }
    });
    void exited.then(() => reject(new Error(`the proxy exited before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}
