import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { createRequire } from 'node:module';
import { schemaSourceAliases } from './schema/source-aliases.mjs';

// graphql 16 ships CommonJS and ESM side by side; Node loads the CommonJS one for the server's
// dependencies, so the server's own code must get the same copy or instanceof checks fail.
// @casebook/schema is read from its TypeScript sources, so tests need no build of it.
const nodeResolve = { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }, ...schemaSourceAliases()] };

// Tuned for two cores: the projects run one after another (server, client, e2e); server and e2e
// files share one embedded PostgreSQL (global setup), each file in a database of its own;
// browser tests run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: nodeResolve,
        test: {
          name: 'server',
          sequence: { groupOrder: 0 },
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [vue()],
        resolve: { alias: schemaSourceAliases() },
        test: {
          name: 'client',
          sequence: { groupOrder: 1 },
          include: ['tests/client/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        resolve: nodeResolve,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
