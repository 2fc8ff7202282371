import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROXY_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/** The files the Dockerfile's production stage copies before its `npm ci`, relative to the repository root. */
const INSTALL_INPUTS = ['package.json', 'package-lock.json', 'proxy/package.json'];

/**
 * The Dockerfile's own production install line (`npm ci --omit=dev …`), as arguments to npm: read from the file
 * so that the test runs exactly what the image runs.
 */
export async function dockerfileProductionInstall(): Promise<string[]> {
  const dockerfile = await readFile(join(PROXY_DIR, 'Dockerfile'), 'utf8');
  const line = /^RUN\b.*?\bnpm (ci --omit=dev\b.*)$/m.exec(dockerfile);
  if (!line) throw new Error('proxy/Dockerfile has no `RUN … npm ci --omit=dev …` line');
  return line[1]!.trim().split(/\s+/);
}

export interface ProductionInstall {
  /** The directory laid out as the image's /app: the package files, node_modules and proxy/dist. */
  dir: string;
  npmArgs: string[];
  /** How long the `npm ci` took, for the report (never asserted). */
  installMs: number;
}

/** Builds the proxy, then installs it into a fresh directory the way the image's production stage does. */
export async function installForProduction(): Promise<ProductionInstall> {
  await run('npm', ['run', 'build'], { cwd: PROXY_DIR });
  const dir = await mkdtemp(join(tmpdir(), 'tpe-proxy-production-'));
  await mkdir(join(dir, 'proxy'));
  for (const file of INSTALL_INPUTS) await cp(join(REPO_DIR, file), join(dir, file));
  const npmArgs = await dockerfileProductionInstall();
  const started = performance.now();
  await run('npm', npmArgs, { cwd: dir, env: { ...outsideNpm(), NODE_ENV: 'production' } });
  const installMs = performance.now() - started;
  await cp(join(PROXY_DIR, 'dist'), join(dir, 'proxy', 'dist'), { recursive: true });
  return { dir, npmArgs, installMs };
}

/**
 * This process's environment without what an enclosing `npm test` sets (npm_config_local_prefix and the like
 * would point the install at the repository), but with the npm cache the caller chose.
 */
function outsideNpm(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') || name === 'npm_config_cache'));
}
