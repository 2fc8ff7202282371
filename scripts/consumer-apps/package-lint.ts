// The tarball as the packaging linters read it: publint (strict: warnings fail too) and arethetypeswrong
// with the ESM-only profile (the package ships ES modules only, so CommonJS resolutions are out of scope).
import type { Ledger } from './ledger.js';
import { run, tail } from './processes.js';
import type { Tarball } from './pack.js';

/** What a tarball must never carry: the repository's sources, tests, demo and servers. */
const NOT_SHIPPED = /^(src|demo|test|e2e|scripts|proxy|dev-tenant|reports|docs)\//;

export async function lintPackage(ledger: Ledger, root: string, tarball: Tarball): Promise<void> {
  const bin = (name: string) => `${root}/node_modules/.bin/${name}`;
  const leaked = tarball.files.filter((f) => NOT_SHIPPED.test(f));
  ledger.expect('the tarball holds the built library only (no sources, tests, demo or servers)', leaked.length ? `it holds ${leaked.join(', ')}` : undefined);
  // Rollup's helpers (_virtual/) are internal; every other module may be named by a declaration.
  const modules = tarball.files.filter((f) => /^dist\/lib\/.*\.js$/.test(f) && !f.startsWith('dist/lib/_virtual/'));
  const undeclared = modules.filter((f) => !tarball.files.includes(f.replace(/\.js$/, '.d.ts')));
  ledger.expect(
    `each of the tarball's ${modules.length} modules has its declarations beside it`,
    undeclared.length ? `no .d.ts for ${undeclared.join(', ')} (was dist/ rewritten by another build while this one packed?)` : undefined,
  );

  const [publint, attw] = await Promise.all([
    run(bin('publint'), ['run', '--strict', '--pack', 'false', tarball.path], { cwd: root }),
    run(bin('attw'), ['--profile', 'esm-only', '--no-emoji', '--no-color', tarball.path], { cwd: root }),
  ]);
  ledger.expect('publint --strict finds nothing in the tarball', publint.code === 0 ? undefined : `publint (exit ${publint.code}):\n${tail(publint, 40)}`);
  ledger.expect('arethetypeswrong (--profile esm-only) finds no problem', attw.code === 0 ? undefined : `attw (exit ${attw.code}):\n${tail(attw, 60)}`);
}
