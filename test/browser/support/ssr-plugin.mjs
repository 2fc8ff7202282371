// Web Test Runner plugin: renders an SSR fixture (test/node/ssr-fixtures.ts) in a Node process of its own, the
// way a server would, and hands the markup to the browser test that hydrates it. Reached with
// executeServerCommand('ssr-render', {fixture, proxyUrl}).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function ssrPlugin() {
  return {
    name: 'ssr',
    async executeCommand({ command, payload }) {
      if (command !== 'ssr-render') return undefined;
      const { fixture, proxyUrl } = /** @type {{ fixture: string, proxyUrl: string }} */ (payload);
      return new Promise((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', 'scripts/ssr-render.ts', fixture, proxyUrl], { cwd: ROOT }, (error, stdout, stderr) => {
          if (error) reject(new Error(`ssr-render ${fixture}: ${stderr || error.message}`));
          else resolve(stdout);
        });
      });
    },
  };
}
