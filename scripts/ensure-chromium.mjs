// Runs before `npm test`: the browser suites need Debian's Chromium. Finds it; where it can (root, with apt)
// installs Debian's package; otherwise stops at once with the one command to run. Never downloads a browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.mjs';

const INSTALL = 'apt-get update && apt-get install -y chromium';

if (existsSync(CHROMIUM_PATH)) process.exit(0);
if (process.env.CHROME_PATH) {
  console.error(`CHROME_PATH is set to ${JSON.stringify(process.env.CHROME_PATH)}, which does not exist. Point it at a Chromium, or unset it to use Debian's (${INSTALL}).`);
  process.exit(1);
}
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`The browser tests need Chromium at ${CHROMIUM_PATH}. Install Debian's package, then run npm test again:\n  sudo sh -c '${INSTALL}'\n(or set CHROME_PATH to a Chromium you have).`);
  process.exit(1);
}
console.log("Chromium is missing: installing Debian's chromium package…");
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
  const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (run.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (exit ${run.status}). Run it yourself: ${INSTALL}`);
    process.exit(1);
  }
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Debian's chromium package installed, but ${CHROMIUM_PATH} is still missing.`);
  process.exit(1);
}
