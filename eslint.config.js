import prettier from 'eslint-config-prettier/flat';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

/**
 * The server's layers, each importing only from those below it:
 *   common (leaf utilities: no domain, no HTTP)
 *     <- the document core (@casebook/schema, pure)
 *     <- modules (entities, services, resolvers)
 *     <- db (data source, migrations) and http (app, context, schema assembly, plumbing)
 *     <- the entry points (main.ts and cli/, which may import anything).
 */
const serverLayers = {
  files: ['server/src/**/*.ts'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { project: 'server/tsconfig.json' } },
    'boundaries/include': ['server/src/**/*.ts', 'schema/src/**/*.ts', 'schema/dist/**'],
    'boundaries/elements': [
      // @casebook/schema, the document core: its sources, or its build, as the resolver finds it.
      { type: 'core', pattern: ['schema/src/**', 'schema/dist/**'], partialMatch: false },
      { type: 'common', pattern: 'server/src/common/**', partialMatch: false },
      { type: 'modules', pattern: 'server/src/modules/**', partialMatch: false },
      { type: 'db', pattern: 'server/src/db/**', partialMatch: false },
      { type: 'http', pattern: 'server/src/http/**', partialMatch: false },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          'A {{from.type}} file may not import {{to.type}}: the server layers are common <- core <- modules <- db/http <- main.ts and cli/ (docs/ARCHITECTURE.md).',
        policies: [
          { allow: { to: { module: { origin: ['external', 'core'] } } } },
          { from: { element: { type: 'common' } }, allow: { to: { element: { type: 'common' } } } },
          {
            from: { element: { type: 'modules' } },
            allow: { to: { element: { types: { anyOf: ['common', 'core', 'modules'] } } } },
          },
          {
            from: { element: { type: 'db' } },
            allow: { to: { element: { types: { anyOf: ['common', 'core', 'modules', 'db'] } } } },
          },
          {
            from: { element: { type: 'http' } },
            allow: { to: { element: { types: { anyOf: ['common', 'core', 'modules', 'db', 'http'] } } } },
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'client/src/gql/**', '.data/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  // The client's layers (docs/ARCHITECTURE.md). Pages compose features; a feature stands alone
  // (what two features share lives in components/, composables/ or apollo/); components/ and
  // composables/ are app-wide, so they know no feature and no page. Imports go through `@/`, so
  // the resolver reads client/tsconfig.json's paths.
  {
    files: ['client/src/**/*.{ts,vue}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: 'client/tsconfig.json' } },
      'boundaries/include': ['client/src/**/*'],
      'boundaries/elements': [
        { type: 'pages', pattern: 'client/src/pages' },
        { type: 'features', pattern: 'client/src/features/*', capture: ['feature'] },
        { type: 'components', pattern: 'client/src/components' },
        { type: 'composables', pattern: 'client/src/composables' },
        { type: 'graphql', pattern: 'client/src/graphql' },
        { type: 'apollo', pattern: 'client/src/apollo' },
        { type: 'gql', pattern: 'client/src/gql' },
        { type: 'styles', pattern: 'client/src/styles' },
        // What is left directly in client/src: main.ts, App.vue, router.ts.
        { type: 'app', pattern: 'client/src' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'features' } },
              disallow: {
                to: { element: { type: 'features', captured: { feature: '!{{ from.element.captured.feature }}' } } },
              },
            },
            {
              from: { element: { types: { anyOf: ['components', 'composables', 'apollo', 'gql'] } } },
              disallow: { to: { element: { types: { anyOf: ['features', 'pages', 'app'] } } } },
            },
            {
              from: { element: { type: 'features' } },
              disallow: { to: { element: { types: { anyOf: ['pages', 'app'] } } } },
            },
          ],
        },
      ],
    },
  },
  // Imports in a fixed order: Node's own, packages, the project's aliases (@/, @casebook/), then
  // parent and sibling files, each group alphabetised.
  {
    files: ['**/*.{ts,mts,js,mjs,vue}'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']],
          pathGroups: [
            { pattern: '@/**', group: 'internal' },
            { pattern: '@casebook/**', group: 'internal' },
          ],
          pathGroupsExcludedImportTypes: ['builtin'],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  // Layout is Prettier's (npm run format); the lint rules that would argue with it are off.
  prettier,
  serverLayers,
);
