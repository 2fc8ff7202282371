// Starts one of the project's Node services as its own process and waits until it says it is ready, so
// that whoever starts it (the demo launcher, the test runner, the bench) reaches it only over HTTP.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {object} Service
 * @property {string} output what it printed until it was ready
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => Promise<void>} stop SIGTERM, then wait for it to exit
 */

/**
 * @param {{ name: string, entry: string, args?: string[], env?: NodeJS.ProcessEnv, ready: RegExp, quiet?: boolean }} options
 * @returns {Promise<Service>}
 */
export function spawnService({ name, entry, args = [], env = process.env, ready, quiet = true }) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () =>
    /** @type {Promise<void>} */ (
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      })
    );
  return new Promise((resolve, reject) => {
    /** @param {string} chunk */
    const onData = (chunk) => {
      output += chunk;
      if (!quiet) process.stdout.write(chunk);
      if (!ready.test(output)) return;
      child.stdout.off('data', onData);
      if (quiet) child.stdout.resume();
      else child.stdout.on('data', (/** @type {string} */ c) => process.stdout.write(c));
      child.removeListener('exit', onEarlyExit);
      resolve({ output, process: child, stop });
    };
    /** @param {number | null} code */
    const onEarlyExit = (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.once('exit', onEarlyExit);
  });
}
