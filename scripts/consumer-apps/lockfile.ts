// An install as npm wrote it down (package-lock.json: one entry per folder on disk) and the questions the
// check asks of it: which packages it holds, which folder a dependency resolves to, how much disk they use.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface Lock {
  root: string;
  /** Keyed by folder relative to the root: `node_modules/lit`, `node_modules/a/node_modules/b`, `react` (a workspace). */
  packages: Record<string, LockEntry>;
}

export async function readLock(root: string): Promise<Lock> {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  return { root, packages: lock.packages };
}

/** The package name of a `node_modules/…` folder. */
export function nameAt(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** Every installed package folder (workspaces and links left out), as `name@version` → folders. */
export function installedPackages(lock: Lock): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.link) continue;
    const id = `${nameAt(path)}@${entry.version}`;
    found.set(id, [...(found.get(id) ?? []), path]);
  }
  return found;
}

/** The folder `name` resolves to when required from `from`, as Node looks it up: nearest node_modules first. */
export function resolveFrom(lock: Lock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** `start` and every folder its dependencies (and theirs) resolve to; optional ones only where installed. */
export function dependencyClosure(lock: Lock, start: string): Set<string> {
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = lock.packages[path];
    for (const name of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) {
      const resolved = resolveFrom(lock, path, name);
      if (resolved) pending.push(resolved);
    }
  }
  return seen;
}

/** Bytes of a package folder's files, its own nested node_modules left out (they are entries of their own). */
export async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const item of await readdir(path, { withFileTypes: true })) {
    if (item.name === 'node_modules' && item.isDirectory()) continue;
    const full = join(path, item.name);
    if (item.isDirectory()) total += await folderBytes(full);
    else if (item.isFile()) total += (await stat(full)).size;
  }
  return total;
}

export const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
