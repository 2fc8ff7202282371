// The three apps as a vendor's engineer would set them up, copied out of test/consumers into a temp npm
// workspace (so react, vue, vite and typescript are fetched once for all three) with the tarball added to
// each app's dependencies. A control workspace holds the same apps without tpe-elements: the difference
// between the two installs is what the tarball brings into an app.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, tail } from './processes.js';

export const APPS = ['plain', 'react', 'vue'] as const;
export type AppName = (typeof APPS)[number];

export interface Workspace {
  root: string;
  app(name: AppName): string;
  /** Its own binaries (vite, tsc, vue-tsc), as the apps' scripts would find them. */
  bin(name: string): string;
}

export async function layOutWorkspace(fixtures: string, root: string, tarball: string | undefined): Promise<Workspace> {
  await mkdir(root, { recursive: true });
  for (const app of APPS) {
    const dir = join(root, app);
    await cp(join(fixtures, app), dir, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });
    if (tarball) {
      const manifestPath = join(dir, 'package.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { dependencies: Record<string, string> };
      manifest.dependencies['tpe-elements'] = `file:${tarball}`;
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  await writeFile(join(root, 'package.json'), `${JSON.stringify({ name: 'tpe-consumer-apps', private: true, workspaces: [...APPS] }, null, 2)}\n`);
  return { root, app: (name) => join(root, name), bin: (name) => join(root, 'node_modules', '.bin', name) };
}

export interface Installed {
  ms: number;
}

/** `npm install` from the registry, preferring what the npm cache already holds. */
export async function installWorkspace(workspace: Workspace): Promise<Installed> {
  const ran = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: workspace.root });
  if (ran.code !== 0) throw new Error(`npm install in ${workspace.root} failed (exit ${ran.code}):\n${tail(ran, 40)}`);
  return { ms: ran.ms };
}
