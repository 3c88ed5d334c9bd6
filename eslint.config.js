import boundaries from 'eslint-plugin-boundaries';
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
    'boundaries/include': ['server/src/**/*.ts'],
    'boundaries/elements': [
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
        message: 'A {{from.type}} file may not import {{to.type}}: the server layers are common <- core <- modules <- db/http <- main.ts and cli/ (docs/ARCHITECTURE.md).',
        policies: [
          { allow: { to: { module: { origin: ['external', 'core'] } } } },
          { from: { element: { type: 'common' } }, allow: { to: { element: { type: 'common' } } } },
          { from: { element: { type: 'common' } }, disallow: { to: { module: { source: '@casebook/schema**' } } } },
          { from: { element: { type: 'modules' } }, allow: { to: { element: { types: { anyOf: ['common', 'modules'] } } } } },
          { from: { element: { type: 'db' } }, allow: { to: { element: { types: { anyOf: ['common', 'modules', 'db'] } } } } },
          { from: { element: { type: 'http' } }, allow: { to: { element: { types: { anyOf: ['common', 'modules', 'db', 'http'] } } } } },
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
  serverLayers,
);
