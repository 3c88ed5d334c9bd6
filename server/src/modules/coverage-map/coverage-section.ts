import { registerEnumType } from 'type-graphql';

/** The sections of a period's coverage, as the API names them. */
export enum CoverageSectionName {
  LEVELS = 'levels',
  RESPONSIBILITIES = 'responsibilities',
  CONNECTIONS = 'connections',
}

registerEnumType(CoverageSectionName, {
  name: 'CoverageSection',
  description: "A section of a period's structure whose coverage is recorded.",
  valuesConfig: {
    LEVELS: { description: 'Governance levels and the bodies at them.' },
    RESPONSIBILITIES: { description: 'The responsibilities bodies hold.' },
    CONNECTIONS: { description: 'Connections between service areas.' },
  },
});
