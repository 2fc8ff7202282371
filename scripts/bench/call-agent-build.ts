// The demo page built for production (Vite's own build of demo/, as `npm run build` makes it) into a
// temporary folder, pointed at the services the bench started, and served by `vite preview`.
import { gzipSync } from 'node:zlib';
import { build, preview, type PreviewServer } from 'vite';

export interface BuiltChunk {
  fileName: string;
  code: Buffer;
  imports: string[];
  dynamicImports: string[];
  isEntry: boolean;
  facadeModuleId: string | null;
  moduleIds: string[];
}

export interface DemoBuild {
  outDir: string;
  chunks: Map<string, BuiltChunk>;
  /** The chunk demo/index.html loads. */
  entry: string;
}

/** Gzip at level 9 (as `npm run size` counts), each file on its own, as a server compresses each response. */
export const gzipBytes = (body: Uint8Array): number => gzipSync(body, { level: 9 }).length;

/**
 * `vite build` of the demo into `outDir`. demo/main.ts reads VITE_PROXY_URL and VITE_DEV_TENANT_URL at
 * build time, so they are set (in this process's environment) for the build only.
 */
export async function buildDemo(outDir: string, urls: { proxyUrl: string; devTenantUrl: string }): Promise<DemoBuild> {
  const saved = { VITE_PROXY_URL: process.env.VITE_PROXY_URL, VITE_DEV_TENANT_URL: process.env.VITE_DEV_TENANT_URL };
  process.env.VITE_PROXY_URL = urls.proxyUrl;
  process.env.VITE_DEV_TENANT_URL = urls.devTenantUrl;
  let result: Awaited<ReturnType<typeof build>>;
  try {
    // logLevel error: the Calling SDK chunk is far over Vite's 500 kB warning, which is known and intended.
    result = await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const chunks = new Map<string, BuiltChunk>();
  for (const item of outputs) {
    if (item.type !== 'chunk') continue;
    chunks.set(item.fileName, {
      fileName: item.fileName,
      code: Buffer.from(item.code),
      imports: [...item.imports],
      dynamicImports: [...item.dynamicImports],
      isEntry: item.isEntry,
      facadeModuleId: item.facadeModuleId,
      moduleIds: [...item.moduleIds],
    });
  }
  const entry = [...chunks.values()].find((c) => c.isEntry && c.facadeModuleId?.replace(/\\/g, '/').endsWith('/demo/index.html'));
  if (!entry) throw new Error(`the build has no chunk for demo/index.html (chunks: ${[...chunks.keys()].join(', ')})`);
  return { outDir, chunks, entry: entry.fileName };
}

/** A chunk and every chunk it imports statically: what the browser fetches before that chunk runs. */
export function staticClosure(demo: DemoBuild, roots: Iterable<string>, seen = new Set<string>()): Set<string> {
  for (const name of roots) {
    if (seen.has(name)) continue;
    const chunk = demo.chunks.get(name);
    if (!chunk) continue;
    seen.add(name);
    staticClosure(demo, chunk.imports, seen);
  }
  return seen;
}

/** The dynamic entry chunk built from a source module (its path ends with `sourceSuffix`). */
export function dynamicEntry(demo: DemoBuild, sourceSuffix: string): BuiltChunk {
  const chunk = [...demo.chunks.values()].find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(sourceSuffix));
  if (!chunk) throw new Error(`the build has no chunk for ${sourceSuffix}`);
  return chunk;
}

/** The chunks that hold a package's modules (by their path under node_modules). */
export function chunksOfPackage(demo: DemoBuild, packageName: string): BuiltChunk[] {
  const marker = `/node_modules/${packageName}/`;
  return [...demo.chunks.values()].filter((c) => c.moduleIds.some((id) => id.replace(/\\/g, '/').includes(marker)));
}

/** What the build predicts a page fetches: the first load, and what a dynamic import adds to it. */
export function predictedFetches(demo: DemoBuild, dynamicRoots: string[]): { firstLoad: Set<string>; later: Set<string> } {
  const firstLoad = staticClosure(demo, [demo.entry]);
  const later = new Set([...staticClosure(demo, dynamicRoots)].filter((name) => !firstLoad.has(name)));
  return { firstLoad, later };
}

/**
 * `vite preview` of the build on 127.0.0.1:port (a loopback origin the dev tenant accepts on any port).
 * Vite's preview server exits the process on SIGTERM (and when stdin ends), before the bench could stop
 * the browser and the servers it started: the listeners it adds are taken off, the bench handles those.
 */
export async function previewDemo(outDir: string, port: number): Promise<PreviewServer> {
  const before = { sigterm: new Set(process.listeners('SIGTERM')), stdinEnd: new Set(process.stdin.listeners('end')) };
  const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  for (const listener of process.listeners('SIGTERM')) if (!before.sigterm.has(listener)) process.off('SIGTERM', listener);
  for (const listener of process.stdin.listeners('end')) if (!before.stdinEnd.has(listener)) process.stdin.off('end', listener as () => void);
  return server;
}
