// What installing the tarball does to an app that already has the Azure packages: it adds exactly the
// packages its browser code imports (lit, @lit/task and what they need) and nothing else, and it leaves one
// copy of each Azure package, the app's own.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ledger } from './ledger.js';
import { dependencyClosure, folderBytes, installedPackages, megabytes, nameAt, readLock, type Lock } from './lockfile.js';
import { run } from './processes.js';
import type { Workspace } from './workspace.js';

export const PEERS = ['@azure/communication-calling', '@azure/communication-common', '@azure/msal-browser'];
const TARBALL_FOLDER = 'node_modules/tpe-elements';

interface TarballManifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/** The packages the shipped JavaScript imports by name (`import … from`, `export … from`, `import()`). */
async function importedPackages(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    const code = await readFile(join(dir, file), 'utf8');
    for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'.][^"']*)["']/g)) {
      const parts = specifier!.split('/');
      names.add(specifier!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

const sorted = (items: Iterable<string>) => [...items].sort();
const listed = (items: Iterable<string>) => sorted(items).join(', ') || 'none';

export async function checkInstalls(ledger: Ledger, workspace: Workspace, control: Workspace): Promise<void> {
  const [lock, controlLock] = await Promise.all([readLock(workspace.root), readLock(control.root)]);
  const manifest = JSON.parse(await readFile(join(workspace.root, TARBALL_FOLDER, 'package.json'), 'utf8')) as TarballManifest;
  const dependencies = Object.keys(manifest.dependencies ?? {});
  const peers = Object.keys(manifest.peerDependencies ?? {});

  const installHooks = Object.keys(manifest.scripts ?? {}).filter((s) => /^(pre|post)?install$|^prepare$/.test(s));
  ledger.expect('the tarball runs no install scripts in the app', installHooks.length ? `package.json has ${installHooks.join(', ')}` : undefined);

  // What the browser code imports decides what the package may depend on.
  const imported = await importedPackages(join(workspace.root, TARBALL_FOLDER, 'dist'));
  const undeclared = sorted(imported).filter((n) => !dependencies.includes(n) && !peers.includes(n));
  const unused = dependencies.filter((n) => !imported.has(n));
  ledger.expect(
    `its dependencies are exactly what its browser code imports, peers aside (${listed(dependencies)})`,
    undeclared.length || unused.length ? `imported but not declared: ${listed(undeclared)}; declared but never imported: ${listed(unused)}` : undefined,
  );
  ledger.expect(`its peers are the Azure packages an app brings (${listed(peers)})`, sorted(peers).join() === sorted(PEERS).join() ? undefined : `peerDependencies: ${listed(peers)}`);

  // What the install added, against the control install of the same apps without tpe-elements.
  const withIt = installedPackages(lock);
  const without = installedPackages(controlLock);
  const added = sorted(withIt.keys()).filter((id) => !without.has(id));
  const expectedFolders = new Set([TARBALL_FOLDER]);
  for (const name of dependencies) for (const folder of dependencyClosure(lock, `node_modules/${name}`)) expectedFolders.add(folder);
  const expected = sorted(new Set([...expectedFolders].map((folder) => `${nameAt(folder)}@${lock.packages[folder]?.version}`)));
  ledger.expect(
    `the tarball adds ${expected.length} packages to the apps: tpe-elements, ${listed(dependencies)} and what they need`,
    added.join() === expected.join() ? undefined : `added: ${listed(added)}\nexpected: ${listed(expected)}`,
  );
  const addedBytes = await sum(added.flatMap((id) => withIt.get(id)!).map((folder) => folderBytes(join(workspace.root, folder))));
  ledger.fact(`install: the tarball adds ${added.length} packages, ${megabytes(addedBytes)} on disk (${added.join(', ')})`);
  ledger.fact(`install: the three apps hold ${withIt.size} packages with tpe-elements, ${without.size} without`);

  await checkOneCopyEach(ledger, workspace, lock);
}

async function sum(values: Array<Promise<number>>): Promise<number> {
  return (await Promise.all(values)).reduce((a, b) => a + b, 0);
}

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
}

/** `npm ls` shows one version of each peer and no problem (an invalid or missing peer), and one folder holds each. */
async function checkOneCopyEach(ledger: Ledger, workspace: Workspace, lock: Lock): Promise<void> {
  const ls = await run('npm', ['ls', '--all', '--json'], { cwd: workspace.root });
  const tree = JSON.parse(ls.stdout) as LsNode & { problems?: string[] };
  ledger.expect('npm ls reports no problem (no missing or invalid peer)', tree.problems?.length ? tree.problems.join('\n') : undefined);
  const versions = new Map<string, Set<string>>(PEERS.map((p) => [p, new Set()]));
  const walk = (node: LsNode) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) versions.get(name)?.add(child.version);
      walk(child);
    }
  };
  walk(tree);
  for (const peer of PEERS) {
    const folders = Object.keys(lock.packages).filter((path) => path.includes('node_modules/') && nameAt(path) === peer);
    const seen = sorted(versions.get(peer)!);
    ledger.expect(
      `one copy of ${peer} (${seen.join(', ') || 'none'})`,
      seen.length === 1 && folders.length === 1 ? undefined : `npm ls shows ${listed(seen)}; installed in ${listed(folders)}`,
    );
  }
}
