// Hostile query shapes, shared by `npm run bench:hostile` and the tests of the query limits, so
// that what is measured is what is tested.

/** `fragment F1 on CaseStudy { ...F0 ...F0 }` … `F<n>`: written out, 2^n copies of F0. */
export function doubling(n) {
  const fragments = ['fragment F0 on CaseStudy { name slug summary }'];
  for (let i = 1; i <= n; i++) fragments.push(`fragment F${i} on CaseStudy { ...F${i - 1} ...F${i - 1} }`);
  return `query { caseStudies(first: 100) { nodes { ...F${n} } } } ${fragments.join(' ')}`;
}

/**
 * Fragments spread twenty times at each of three levels, so no field is repeated more than twenty
 * times in one place: written out, 20 × 20 × 20 names and more.
 */
export function fanOut() {
  const spread = (field, fragment) => `${field} { ...${fragment} } `.repeat(20);
  return [
    'query { caseStudy(slug: "finland") { periods { ...P } } }',
    `fragment P on StructurePeriod { ${spread('levels', 'L')}}`,
    `fragment L on GovernanceLevel { ${spread('bodies', 'B')}}`,
    `fragment B on Body { ${'...N '.repeat(20)}}`,
    'fragment N on Body { name }',
  ].join(' ');
}
