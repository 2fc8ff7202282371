// npm run typecheck:peers: the library type-checked against the lowest version of each peer range
// (test/peer-ranges/tsconfig.json maps each peer to its `-lowest` npm alias). A `paths` entry that finds
// nothing falls back, without a word, to ordinary resolution: to the highest versions, which
// `tsc -p tsconfig.json` already checks. So the program's files are listed, and the check fails unless every
// peer came from its alias and none from the copy the rest of the repository uses.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODULES = path.join(ROOT, 'node_modules');

/** Peer → its alias. msal-common is no peer, but MSAL pins it exactly: the lowest MSAL must bring its own. */
const PEERS = {
  '@azure/communication-calling': '@azure/communication-calling-lowest',
  '@azure/communication-common': '@azure/communication-common-lowest',
  '@azure/msal-browser': '@azure/msal-browser-lowest',
  '@azure/msal-common': '@azure/msal-browser-lowest/node_modules/@azure/msal-common',
};

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'test/peer-ranges/tsconfig.json', '--noEmit', '--listFiles'], { cwd: ROOT, encoding: 'utf8' });
const lines = run.stdout.split('\n').filter(Boolean);
// --listFiles prints absolute paths; diagnostics name files relative to the working directory.
const files = lines.filter((line) => path.isAbsolute(line));
process.stdout.write(lines.filter((line) => !path.isAbsolute(line)).map((line) => `${line}\n`).join(''));
process.stderr.write(run.stderr);

const inside = (/** @type {string} */ dir) => files.filter((file) => file.startsWith(path.join(MODULES, dir) + path.sep));
const problems = [];
const used = [];
for (const [peer, alias] of Object.entries(PEERS)) {
  const highest = inside(peer);
  if (highest.length > 0) problems.push(`${peer}: ${highest.length} file(s) from the highest copy, e.g. ${path.relative(ROOT, highest[0] ?? '')}`);
  if (inside(alias).length === 0) problems.push(`${peer}: nothing from ${alias}`);
  const { version } = JSON.parse(readFileSync(path.join(MODULES, alias, 'package.json'), 'utf8'));
  used.push(`${peer}@${version}`);
}

for (const problem of problems) console.error(`typecheck:peers: ${problem}`);
if (run.status === 0 && problems.length === 0) console.warn(`typecheck:peers: src type-checks against ${used.join(', ')}`);
process.exitCode = run.status || (problems.length > 0 ? 1 : 0);
