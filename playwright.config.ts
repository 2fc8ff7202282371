import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

// End-to-end journeys through the demo (`npm start`'s dev tenant, proxy and page), in Debian's Chromium:
// Playwright drives it but never downloads a browser. `npm test` runs the light project; `npm run
// e2e:screens` runs light and dark and keeps a screenshot of every screen under reports/screens.
const ports = { demo: Number(process.env.TPE_E2E_DEMO_PORT ?? 5180), devTenant: Number(process.env.TPE_E2E_DEV_TENANT_PORT ?? 4510), proxy: Number(process.env.TPE_E2E_PROXY_PORT ?? 4520) };
process.env.TPE_E2E_DEV_TENANT_URL = `http://127.0.0.1:${ports.devTenant}`;


export default defineConfig({
  testDir: 'e2e',
  outputDir: 'reports/e2e-results',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${ports.demo}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    permissions: ['microphone'],
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'light', use: { colorScheme: 'light' } },
    { name: 'dark', use: { colorScheme: 'dark' } },
  ],
  webServer: {
    command: 'npx tsx scripts/start-demo.ts',
    url: `http://localhost:${ports.demo}/`,
    env: { TPE_DEMO_PORT: String(ports.demo), TPE_DEV_TENANT_PORT: String(ports.devTenant), TPE_PROXY_PORT: String(ports.proxy) },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
