// Run by .ci/run before the tests: the token proxy's shared-store tests start a real redis-server, Debian's
// package, as an operator would run it. Finds it; where it can (root, with apt) installs it; otherwise stops
// at once with the one command to run. (On a developer machine the tests skip, saying why, when it is missing.)
import { spawnSync } from 'node:child_process';

const INSTALL = 'apt-get update && apt-get install -y redis-server';
const found = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

if (found()) process.exit(0);
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`The token proxy's shared-store tests need redis-server. Install Debian's package, then run again:\n  sudo sh -c '${INSTALL}'`);
  process.exit(1);
}
console.log("redis-server is missing: installing Debian's redis-server package…");
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'redis-server']]) {
  const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (run.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (exit ${run.status}). Run it yourself: ${INSTALL}`);
    process.exit(1);
  }
}
if (!found()) {
  console.error("Debian's redis-server package installed, but redis-server still does not run.");
  process.exit(1);
}
