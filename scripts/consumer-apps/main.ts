// `npm run test:package`: the package proven from its tarball alone, as a vendor's engineer installs it.
// The library is built and packed; publint and arethetypeswrong read the tarball; three apps from
// test/consumers (plain Vite + TypeScript, React 19, Vue 3) install it in a temp dir outside the repository,
// type-check strictly, build with Vite and run in Chromium against the dev tenant and the token proxy, where
// an agent signs in and takes a call. Prints what it measured; exits 1 when any check failed.
// Ports are free ones unless TPE_CONSUMERS_DEV_TENANT_PORT, TPE_CONSUMERS_PROXY_PORT or
// TPE_CONSUMERS_{PLAIN,REACT,VUE}_PORT name them; TPE_CONSUMERS_KEEP=1 keeps the temp dir to look into.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../bench/call-agent-browser.js';
import { buildApp, checkChunks, type BuiltApp } from './chunks.js';
import { checkInstalls } from './install-checks.js';
import { Ledger } from './ledger.js';
import { lintPackage } from './package-lint.js';
import { buildAndPack } from './pack.js';
import { stopAllProcesses } from './processes.js';
import { startServices, type Services } from './services.js';
import { printSummary } from './summary.js';
import { takeACall, signInWithOwnProvider } from './journeys.js';
import { checkAppTypes, checkTypeErrors, exportsTypes } from './type-checks.js';
import { APPS, installWorkspace, layOutWorkspace, type AppName, type Workspace } from './workspace.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/consumers');
/** The page of each app where the agent works (its first load is measured). */
const DESK = 'index.html';

const ledger = new Ledger();
const started = performance.now();
const temp = await mkdtemp(join(tmpdir(), 'tpe-consumers-'));
let browser: Browser | undefined;
let services: Services | undefined;

async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await services?.stop();
  await stopAllProcesses();
  if (process.env.TPE_CONSUMERS_KEEP) console.log(`The apps are kept in ${temp}.`);
  else await rm(temp, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and the browser the check started.`);
    void cleanUp().finally(() => process.exit(1));
  });
}

/** Runs the tasks, at most `size` at a time (the machine has two cores). */
async function inPool(size: number, tasks: Array<() => Promise<unknown>>): Promise<void> {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: size }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  }));
}

async function typeChecksAndBuilds(workspace: Workspace): Promise<Map<AppName, BuiltApp>> {
  const builds = new Map<AppName, BuiltApp>();
  const typesEntry = async (app: AppName, subpath: string) => {
    const there = await exportsTypes(workspace, subpath);
    ledger.expect(`${app}: the package exports tpe-elements${subpath.slice(1)} types`, there ? undefined : `package.json "exports" has no "${subpath}" with "types": the generated framework types are not in the tarball`);
    return there;
  };
  await inPool(2, [
    () => ledger.stage('plain: vite build', async () => builds.set('plain', await buildApp(workspace, 'plain'))),
    () => ledger.stage('plain: type check', () => checkAppTypes(ledger, workspace, 'plain')),
    () => ledger.stage('react: vite build', async () => builds.set('react', await buildApp(workspace, 'react'))),
    () =>
      ledger.stage('react: type checks', async () => {
        if (!(await typesEntry('react', './react'))) return;
        await checkAppTypes(ledger, workspace, 'react');
        await checkTypeErrors(ledger, workspace, 'react', 'wrong-usage.tsx');
      }),
    () => ledger.stage('vue: vite build', async () => builds.set('vue', await buildApp(workspace, 'vue'))),
    () =>
      ledger.stage('vue: type checks', async () => {
        if (!(await typesEntry('vue', './vue'))) return;
        await checkAppTypes(ledger, workspace, 'vue');
        await checkTypeErrors(ledger, workspace, 'vue', 'WrongUsage.vue');
      }),
  ]);
  for (const build of builds.values()) checkChunks(ledger, build, DESK);
  return builds;
}

async function main(): Promise<void> {
  const tarball = await ledger.stage('build and pack the library', () => buildAndPack(ROOT, temp));
  if (!tarball) return;
  ledger.fact(`tarball: ${basename(tarball.path)}, ${(tarball.size / 1024).toFixed(1)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(1)} kB unpacked, ${tarball.files.length} files`);

  const workspace = await layOutWorkspace(FIXTURES, join(temp, 'apps'), tarball.path);
  const control = await layOutWorkspace(FIXTURES, join(temp, 'control'), undefined);
  const [installed, controlInstalled] = await Promise.all([
    ledger.stage('install the three apps with the tarball', () => installWorkspace(workspace)),
    ledger.stage('install the same apps without it (control)', () => installWorkspace(control)),
    ledger.stage('publint and arethetypeswrong', () => lintPackage(ledger, ROOT, tarball)),
  ]);
  if (!installed) return;
  if (controlInstalled) await ledger.stage('what the install brought', () => checkInstalls(ledger, workspace, control));

  const builds = await typeChecksAndBuilds(workspace);
  if (!builds.size) return;
  services = await ledger.stage('start the dev tenant, the previews and the token proxy', () => startServices(workspace, [...builds.keys()]));
  if (!services) return;
  browser = await launchChromium();
  for (const app of APPS) {
    const build = builds.get(app);
    if (build) await ledger.stage(`${app}: take a call in Chromium`, () => takeACall(ledger, browser!, services!, build));
  }
  const plain = builds.get('plain');
  if (plain) await ledger.stage('plain: the own-authProvider page in Chromium', () => signInWithOwnProvider(ledger, browser!, services!, plain));
}

try {
  await main();
} catch (error) {
  ledger.fail('the check itself', (error as Error).stack ?? String(error));
} finally {
  await cleanUp();
}
printSummary(ledger, performance.now() - started);
process.exit(ledger.failed.length ? 1 : 0);
