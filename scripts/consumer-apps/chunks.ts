// An app built by its own Vite, read back: which chunks each page loads first (its entry and the chunks
// those import statically, from Vite's manifest), which are reached only through import(), and which
// packages each chunk holds (the `sources` of its source map).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Ledger } from './ledger.js';
import { run, tail } from './processes.js';
import type { AppName, Workspace } from './workspace.js';

export const CALLING_SDK = '@azure/communication-calling';
export const MSAL = ['@azure/msal-browser', '@azure/msal-common'];

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface Chunk {
  /** As the page requests it: `assets/desk-….js`. */
  file: string;
  packages: Set<string>;
  bytes: number;
  gzip: number;
  /** Reached through an import() of the code that loads it. */
  dynamicEntry: boolean;
}

export interface BuiltApp {
  app: AppName;
  dist: string;
  chunks: Map<string, Chunk>;
  /** Each HTML page (`index.html`) and the files it loads before any import(): its first load. */
  pages: Map<string, Set<string>>;
}

export async function buildApp(workspace: Workspace, app: AppName): Promise<BuiltApp> {
  const dir = workspace.app(app);
  const ran = await run(workspace.bin('vite'), ['build', '--manifest', '--sourcemap'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  if (ran.code !== 0) throw new Error(`vite build of the ${app} app failed (exit ${ran.code}):\n${tail(ran, 40)}`);
  return readBuild(app, join(dir, 'dist'));
}

/** `…/node_modules/@azure/msal-common/dist/x.mjs` → `@azure/msal-common`; the app's own files → `(app)`. */
function packageOf(source: string): string {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return '(app)';
  const [first, second] = source.slice(at + 'node_modules/'.length).split('/');
  return first!.startsWith('@') ? `${first}/${second}` : first!;
}

async function readBuild(app: AppName, dist: string): Promise<BuiltApp> {
  const manifest = JSON.parse(await readFile(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const dynamic = new Set(Object.values(manifest).filter((c) => c.isDynamicEntry).map((c) => c.file));
  const chunks = new Map<string, Chunk>();
  for (const name of await readdir(join(dist, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    const file = `assets/${name}`;
    const code = await readFile(join(dist, file));
    const map = await readFile(join(dist, `${file}.map`), 'utf8').then((text) => JSON.parse(text) as { sources: string[] }, () => ({ sources: [] }));
    chunks.set(file, { file, packages: new Set(map.sources.map(packageOf)), bytes: code.length, gzip: gzipSync(code).length, dynamicEntry: dynamic.has(file) });
  }
  const pages = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(manifest)) {
    if (!entry.isEntry || !entry.src?.endsWith('.html')) continue;
    const files = new Set<string>();
    const visit = (k: string) => {
      const chunk = manifest[k];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      chunk.imports?.forEach(visit);
    };
    visit(key);
    pages.set(entry.src, files);
  }
  return { app, dist, chunks, pages };
}

/** The chunks holding any of `packages`. */
export function chunksWith(build: BuiltApp, packages: string[]): Chunk[] {
  return [...build.chunks.values()].filter((c) => packages.some((p) => c.packages.has(p)));
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const sizes = (chunks: Chunk[]) => `${kB(chunks.reduce((a, c) => a + c.bytes, 0))} (${kB(chunks.reduce((a, c) => a + c.gzip, 0))} gzip)`;

/** The Calling SDK is in no page's first load, only in chunks reached through import(); the figures. */
export function checkChunks(ledger: Ledger, build: BuiltApp, desk: string): void {
  const { app } = build;
  const sdk = chunksWith(build, [CALLING_SDK]);
  ledger.expect(`${app}: the build holds the Calling SDK in a chunk of its own`, sdk.length ? undefined : `no chunk holds ${CALLING_SDK}: did the build drop its import()?`);
  for (const [page, files] of build.pages) {
    const eager = sdk.filter((c) => files.has(c.file));
    ledger.expect(`${app}: ${page} does not load the Calling SDK on first load`, eager.length ? `its first load includes ${eager.map((c) => c.file).join(', ')}` : undefined);
  }
  const notLazy = sdk.filter((c) => !c.dynamicEntry);
  ledger.expect(`${app}: the Calling SDK is reached only through import()`, notLazy.length ? `${notLazy.map((c) => c.file).join(', ')} is not a dynamic entry` : undefined);

  const first = [...build.pages.get(desk)!].map((f) => build.chunks.get(f)).filter((c): c is Chunk => c !== undefined);
  const msalFirst = first.some((c) => MSAL.some((p) => c.packages.has(p)));
  ledger.fact(
    `${app}: ${desk} first load ${first.length} files, ${sizes(first)}${msalFirst ? ', MSAL included' : ', no MSAL'}; ` +
      `Calling SDK chunk ${sizes(sdk)}; MSAL chunks ${sizes(chunksWith(build, MSAL))}; ${build.chunks.size} chunks in all`,
  );
}
