import type { CodegenConfig } from '@graphql-codegen/cli';

// The output folder can be redirected so that `npm test` can regenerate into a temporary folder
// and compare it with the committed code.
const out = process.env.CASEBOOK_CODEGEN_OUT ?? 'client/src/gql/';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['client/src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTimeISO: 'string' } },
    },
  },
};

export default config;
