import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { schemaSourceAliases } from './schema/source-aliases.mjs';

// graphql 16 ships CommonJS and ESM side by side; Node loads the CommonJS one for the server's
// dependencies, so the server's own code must get the same copy or instanceof checks fail.
// @casebook/schema is read from its TypeScript sources, so tests need no build of it.
const nodeResolve = {
  alias: [
    { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') },
    ...schemaSourceAliases(),
  ],
};

// Files that start processes (servers, the CLI, a PostgreSQL of their own) or run long are named
// `*.slow.test.ts`: the everyday loop (`npm run test:fast`: the `server` and `client` projects)
// leaves them and the browser tests out; `npm test` and CI run every project.
const SLOW = 'tests/server/**/*.slow.test.ts';

// Tuned for two cores: the projects run one after another (server, client, slow, e2e); server,
// slow and e2e files share one embedded PostgreSQL (global setup), each file in a database of its
// own; browser tests run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: nodeResolve,
        test: {
          name: 'server',
          sequence: { groupOrder: 0 },
          include: ['tests/server/**/*.test.ts'],
          exclude: [SLOW],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/reflect-metadata.ts'],
          pool: 'forks',
          // Files share their worker's loaded modules: the schema and entities are imported once per worker, not once per file.
          isolate: false,
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [vue()],
        // The same `@/` as client/vite.config.ts and client/tsconfig.json, and the document core's sources.
        resolve: {
          alias: [
            { find: '@', replacement: fileURLToPath(new URL('./client/src', import.meta.url)) },
            ...schemaSourceAliases(),
          ],
        },
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
          name: 'slow',
          sequence: { groupOrder: 2 },
          include: [SLOW],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/reflect-metadata.ts'],
          pool: 'forks',
          isolate: false,
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: nodeResolve,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 3 },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/reflect-metadata.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
