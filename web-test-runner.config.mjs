import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { callingSdkOfflinePlugin } from './test/browser/support/calling-sdk-offline-plugin.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { devTenantPlugin } from './test/browser/support/dev-tenant-plugin.mjs';
import { pageControlPlugin } from './test/browser/support/page-control-plugin.mjs';
import { strictCspPlugin } from './test/browser/support/strict-csp-plugin.mjs';
import { ssrPlugin } from './test/browser/support/ssr-plugin.mjs';


const port = Number(process.env.TPE_TEST_PORT ?? 8000);

export default {
  port,
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), devTenantPlugin({ pageOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }), callingSdkOfflinePlugin(), strictCspPlugin(), ssrPlugin(), pageControlPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  // Room for every module's resource timing, so tests can tell which modules a page fetched and when.
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><head><script>performance.setResourceTimingBufferSize(100000)</script></head><body><script type="module" src="${testFramework}"></script></body></html>`,
  concurrency: 1,
  testFramework: { config: { timeout: 30_000 } },
  testsFinishTimeout: Number(process.env.TPE_TESTS_FINISH_MS ?? 180_000),
};
