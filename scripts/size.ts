// `npm run size`: the gzip size of what each element costs a page on first load (its own code, bundled and
// minified as an app's bundler would, with Lit and the Azure packages left out as a page shares them), of
// what it loads later (the admin view, the MSAL provider, the calling layer), of both elements together
// with Lit, and of MSAL itself. Fails when a first load is over its budget or imports the calling SDK or
// MSAL: both are fetched on demand only (MSAL only by a <tpe-consent> without an authProvider).
import { build, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';

const ENTRIES = [
  { name: '<tpe-consent>', entry: 'src/define/tpe-consent.ts', budgetBytes: 13.25 * 1024 },
  { name: '<tpe-call-agent>', entry: 'src/define/tpe-call-agent.ts', budgetBytes: 11.75 * 1024 },
];
/** Both elements with Lit (MSAL and the Azure SDKs apart): what a page that uses them pays up front. */
const BOTH_WITH_LIT_BUDGET = 29.75 * 1024;
const SHARED = ['lit', 'lit/*', '@lit/*', '@azure/*'];
/** Packages a first load must not import statically, and what to call them when one does. */
const ON_DEMAND_ONLY = new Map([
  ['@azure/communication-calling', 'CALLING SDK'],
  ['@azure/msal-browser', 'MSAL'],
]);
const kB = (bytes: number) => `${(bytes / 1024).toFixed(2).padStart(6)} kB`;

const withLit = await bundle(['@azure/*']);
const result = await bundle(SHARED);

function bundle(external: string[]) {
  return build({
  entryPoints: ENTRIES.map((e) => e.entry),
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outdir: 'dist/size',
  write: false,
  metafile: true,
  external,
  tsconfig: 'tsconfig.json',
  logLevel: 'silent',
  });
}
let files = new Map<string, Uint8Array>();
let outputs: Metafile['outputs'] = {};
function use(built: typeof result) {
  files = new Map(built.outputFiles.map((f) => [f.path.slice(f.path.indexOf('dist/size/')), f.contents]));
  outputs = built.metafile.outputs;
}
use(result);

/** An output and every chunk it imports statically: what the browser fetches before the element runs. */
function initialChunks(output: string, seen = new Set<string>()): Set<string> {
  if (seen.has(output)) return seen;
  seen.add(output);
  for (const imported of outputs[output]!.imports) if (imported.kind === 'import-statement' && !imported.external) initialChunks(imported.path, seen);
  return seen;
}

function lazyChunks(initial: Set<string>): Set<string> {
  const lazy = new Set<string>();
  const visit = (output: string) => {
    for (const imported of outputs[output]!.imports) {
      if (imported.external || initial.has(imported.path) || lazy.has(imported.path)) continue;
      lazy.add(imported.path);
      visit(imported.path);
    }
  };
  initial.forEach(visit);
  return lazy;
}

const gzip = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + gzipSync(files.get(path)!, { level: 9 }).length, 0);
const externals = (paths: Iterable<string>) => new Set([...paths].flatMap((path) => outputs[path]!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path)));

let failed = false;
const firstLoad = new Set<string>();
for (const { name, entry, budgetBytes } of ENTRIES) {
  const output = entryOutput(entry);
  const initial = initialChunks(output);
  initial.forEach((path) => firstLoad.add(path));
  const size = gzip(initial);
  const upFront = [...externals(initial)].flatMap((pkg) => ON_DEMAND_ONLY.get(pkg) ?? []);
  const ok = size <= budgetBytes && !upFront.length;
  failed ||= !ok;
  const lazy = lazyChunks(initial);
  const lazyNote = lazy.size ? `  later ${kB(gzip(lazy))} in ${lazy.size} chunk(s)` : '';
  console.log(`${name.padEnd(17)} first load ${kB(size)} gzip  budget ${kB(budgetBytes)}${lazyNote}  ${upFront.length ? `${upFront.join(' AND ')} IN FIRST LOAD` : ok ? 'ok' : 'OVER BUDGET'}`);
}
console.log(`${'both elements'.padEnd(17)} first load ${kB(gzip(firstLoad))} gzip (shared chunks counted once)`);

use(withLit);
const both = new Set(ENTRIES.flatMap(({ entry }) => [...initialChunks(entryOutput(entry))]));
const bothSize = gzip(both);
failed ||= bothSize > BOTH_WITH_LIT_BUDGET;
console.log(`${'both + Lit'.padEnd(17)} first load ${kB(bothSize)} gzip  budget ${kB(BOTH_WITH_LIT_BUDGET)}  ${bothSize > BOTH_WITH_LIT_BUDGET ? 'OVER BUDGET' : 'ok'}`);

// MSAL as the provider uses it (tree-shaken): what a <tpe-consent> without an authProvider fetches later.
const msal = await build({ entryPoints: ['src/auth/msal-applications.ts'], bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, tsconfig: 'tsconfig.json', logLevel: 'silent' });
console.log(`${'MSAL'.padEnd(17)} later      ${kB(gzipSync(msal.outputFiles[0]!.contents, { level: 9 }).length)} gzip (only a <tpe-consent> without authProvider)`);
process.exit(failed ? 1 : 0);

function entryOutput(entry: string): string {
  return Object.entries(outputs).find(([, o]) => o.entryPoint === entry)![0];
}
