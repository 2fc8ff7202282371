import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The demo page is the Vite root; `npm start` serves it next to the dev tenant.
export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  server: { host: 'localhost', port: Number(process.env.TPE_DEMO_PORT ?? 5173), strictPort: true },
  build: {
    outDir: fileURLToPath(new URL('./dist/demo', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./demo/index.html', import.meta.url)),
        redirect: fileURLToPath(new URL('./demo/redirect.html', import.meta.url)),
        adminConsentDone: fileURLToPath(new URL('./demo/admin-consent-done.html', import.meta.url)),
        plainHtmlExample: fileURLToPath(new URL('./demo/examples/plain-html.html', import.meta.url)),
        reactExample: fileURLToPath(new URL('./demo/examples/react/react.html', import.meta.url)),
      },
    },
  },
});
