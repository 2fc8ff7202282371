// Starts the dev tenant as its own process and waits for the URL it prints, so that whoever starts it
// (the demo launcher, the browser test runner) reaches it only over HTTP, as it would reach the cloud.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ port?: number, args?: string[], quiet?: boolean }} [options]
 * @returns {Promise<{ url: string, process: import('node:child_process').ChildProcess, stop(): Promise<void> }>}
 */
export function spawnDevTenant({ port = 0, args = [], quiet = true } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev-tenant/src/main.ts', '--port', String(port), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    /** @param {string} chunk */
    const onData = (chunk) => {
      output += chunk;
      if (!quiet) process.stdout.write(chunk);
      const match = /Dev tenant .* on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        if (quiet) child.stdout.resume();
        else child.stdout.on('data', (/** @type {string} */ c) => process.stdout.write(c));
        resolve({
          url: match[1],
          process: child,
          stop: () =>
            /** @type {Promise<void>} */ (new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            })),
        });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => reject(new Error(`the dev tenant exited (${code}) before it was ready:\n${output}`)));
  });
}
