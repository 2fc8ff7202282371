// `npm run size`: the gzip size of each element's own code (Lit, MSAL and the Azure SDKs left out, as a page
// shares them), bundled and minified as an app's bundler would; fails when one is over its budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const ENTRIES = [{ name: '<tpe-consent>', entry: 'src/define/tpe-consent.ts', budgetBytes: 12 * 1024 }];
const SHARED = ['lit', 'lit/*', '@lit/*', '@azure/*'];

let over = false;
for (const { name, entry, budgetBytes } of ENTRIES) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external: SHARED,
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  const ok = gzip <= budgetBytes;
  over ||= !ok;
  console.log(`${name.padEnd(16)} ${(code.length / 1024).toFixed(1).padStart(6)} kB minified  ${(gzip / 1024).toFixed(2).padStart(6)} kB gzip  budget ${(budgetBytes / 1024).toFixed(0)} kB  ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(over ? 1 : 0);
