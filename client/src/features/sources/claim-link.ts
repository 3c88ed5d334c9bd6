import type { CitingClaimPageFragment } from '@/gql/graphql';
import { structureRowId } from '@casebook/schema';

type Claim = CitingClaimPageFragment['nodes'][number];

/**
 * Where a claim citing a source is found on its case's page: the period that holds it (the page
 * shows one period at a time), a level or body at its tier's list of levels, a responsibility or
 * connection at its own row, or the timeline, or the lessons.
 * Null for the study record's claims, which have no page of their own.
 */
export function claimProfileLink(claim: Claim): string | null {
  const slug = claim.caseStudy?.slug;
  if (!slug) return null;
  const page = `/cases/${slug}`;
  const inPeriod = claim.period ? `${page}?period=${encodeURIComponent(claim.period.key)}` : page;
  switch (claim.claimType) {
    case 'GOVERNANCE_LEVEL':
    case 'BODY':
      return claim.tier ? `${inPeriod}#tier-${claim.tier}` : `${inPeriod}#structure-heading`;
    case 'RESPONSIBILITY':
    case 'SERVICE_CONNECTION':
      return claim.period
        ? `${inPeriod}#${structureRowId(claim.claimType === 'RESPONSIBILITY' ? 'RESPONSIBILITY' : 'CONNECTION', claim.period.key, claim.key)}`
        : `${inPeriod}#structure-heading`;
    case 'TIMELINE_EVENT':
      return `${page}#timeline-heading`;
    case 'REFORM_LESSON':
      return `${page}#lessons-heading`;
    default:
      return page;
  }
}
