import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// The library vendors install: ES modules, one file per source module, dependencies left to the app's
// bundler (so `import('@azure/communication-calling')` stays a lazy import there, in its own chunk).
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist/lib', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        index: src('index.ts'),
        'define/tpe-consent': src('define/tpe-consent.ts'),
        'define/tpe-call-agent': src('define/tpe-call-agent.ts'),
        'simulator/index': src('simulator/index.ts'),
        'redirect-bridge': src('redirect-bridge.ts'),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^@azure\//],
      output: { preserveModules: true, preserveModulesRoot: src(''), entryFileNames: '[name].js' },
    },
  },
});
