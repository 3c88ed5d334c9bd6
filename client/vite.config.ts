import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { schemaSourceAliases } from '../schema/source-aliases.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [vue()],
  // `@/…` is client/src, so an import says where it comes from instead of how many folders up; the
  // document core is bundled from its TypeScript sources (the same code the server runs built).
  resolve: {
    alias: [{ find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) }, ...schemaSourceAliases()],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // bench/bundle.mjs reads the manifest to measure what each page loads.
    manifest: true,
  },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/export': 'http://127.0.0.1:4000',
      '/healthz': 'http://127.0.0.1:4000',
    },
  },
});
