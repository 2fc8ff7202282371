import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // The tpe- tags are custom elements, not Vue components: Vue renders them as they are.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('tpe-') } } })],
  build: {
    rollupOptions: {
      input: { desk: 'index.html', redirect: 'redirect.html' },
    },
  },
});
