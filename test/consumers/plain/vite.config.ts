import { defineConfig } from 'vite';

// Three pages: the agent desk, a page that brings its own identity library, and MSAL's redirect bridge.
export default defineConfig({
  build: {
    rollupOptions: {
      input: { desk: 'index.html', ownSignIn: 'own-sign-in.html', redirect: 'redirect.html' },
    },
  },
});
