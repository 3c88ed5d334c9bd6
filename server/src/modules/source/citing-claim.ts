import {
  TIER_LABELS,
  claimInWords,
  connectionName,
  responsibilityName,
  sentence,
  type ClaimKind,
} from '@casebook/schema';
import type { StructurePeriod } from '../governance/governance.entity.js';
import type { EditionBundle } from '../loaders.js';
import type { Tier } from '../vocabulary/vocabulary.enums.js';
import type { CitingClaim } from './source.entity.js';

/** Where a citing claim stands in its case, as a reader finds it on the case's page. */
export interface CitingClaimPlace {
  /** The claim in words: `Body “Kela” in National government, in the period “2014 onwards”`. */
  words: string;
  /** The period holding the claim; null for events, lessons and the study record's claims. */
  period: StructurePeriod | null;
  /** The tier of the level the claim is (a level), or sits at (a body, a responsibility). */
  tier: keyof typeof Tier | null;
}

const KIND_OF: Partial<Record<CitingClaim['claimType'], ClaimKind>> = {
  GOVERNANCE_LEVEL: 'LEVEL',
  BODY: 'BODY',
  RESPONSIBILITY: 'RESPONSIBILITY',
  SERVICE_CONNECTION: 'CONNECTION',
  TIMELINE_EVENT: 'EVENT',
  REFORM_LESSON: 'LESSON',
};

/** A level in words for what it holds: `the regional level “Wellbeing services counties”`. */
const levelWords = (level: { tier: keyof typeof Tier; name: string }) =>
  `the ${TIER_LABELS[level.tier].toLowerCase()} level “${level.name}”`;

/**
 * Names a claim citing a source from the parts of its edition (the study record's claims, which
 * have none, by their kind and label), with names a reader knows: a responsibility by its function
 * and service area and the body holding it, a connection by its service areas, each in its period.
 */
export function citingClaimPlace(claim: CitingClaim, bundle: EditionBundle | null): CitingClaimPlace {
  const kind = KIND_OF[claim.claimType];
  const plain = { words: `${sentence(claim.claimType)} “${claim.label}”`, period: null, tier: null };
  if (!kind || !bundle) return plain;
  const periodOf = (id: string) => bundle.periodById.get(id) ?? null;
  const areaName = (id: string) => bundle.areaById.get(id)?.name ?? '';
  switch (kind) {
    case 'LEVEL': {
      const level = bundle.levelById.get(claim.claimId);
      if (!level) return plain;
      const period = periodOf(level.periodId);
      const words = claimInWords(kind, level.name, {
        holder: `at the ${TIER_LABELS[level.tier].toLowerCase()} tier`,
        period: period?.label,
      });
      return { words, period, tier: level.tier };
    }
    case 'BODY': {
      const body = bundle.bodyById.get(claim.claimId);
      const level = body && bundle.levelById.get(body.levelId);
      if (!body || !level) return plain;
      const period = periodOf(body.periodId);
      const words = claimInWords(kind, body.name, { holder: `in ${levelWords(level)}`, period: period?.label });
      return { words, period, tier: level.tier };
    }
    case 'RESPONSIBILITY': {
      const r = bundle.responsibilityById.get(claim.claimId);
      const body = r && bundle.bodyById.get(r.bodyId);
      const level = body && bundle.levelById.get(body.levelId);
      if (!r || !body || !level) return plain;
      const period = periodOf(r.periodId);
      const words = claimInWords(kind, responsibilityName(r.function, areaName(r.serviceAreaId)), {
        holder: `of ${body.name}, in ${levelWords(level)}`,
        period: period?.label,
      });
      return { words, period, tier: level.tier };
    }
    case 'CONNECTION': {
      const c = bundle.connectionById.get(claim.claimId);
      if (!c) return plain;
      const period = periodOf(c.periodId);
      const words = claimInWords(kind, connectionName([areaName(c.areaAId), areaName(c.areaBId)]), {
        period: period?.label,
      });
      return { words, period, tier: null };
    }
    case 'EVENT':
      return { words: claimInWords(kind, claim.label, { holder: 'on the timeline' }), period: null, tier: null };
    case 'LESSON':
      return {
        words: claimInWords(kind, claim.label, { holder: 'among the reform lessons' }),
        period: null,
        tier: null,
      };
  }
}
