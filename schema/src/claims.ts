import { citeParts } from './cite.js';
import type { CaseProfileDoc, ClaimDoc } from './document.js';
import type { DocumentPartKind } from './enums.js';
import { PART_NAMES } from './forms.js';
import { FUNCTION_LABELS } from './labels.js';
import { SERVICE_AREAS } from './vocabulary.js';

/** The kinds of part that are claims: each cites the sources it rests on. */
export const CLAIM_KINDS = ['LEVEL', 'BODY', 'RESPONSIBILITY', 'CONNECTION', 'EVENT', 'LESSON'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** Whether a kind of part is a claim. */
export const isClaimKind = (kind: DocumentPartKind | string): kind is ClaimKind =>
  (CLAIM_KINDS as readonly string[]).includes(kind);

/** A claim found by identity: its kind, its key and, for the parts of a period, the period. */
export interface ClaimRef {
  kind: ClaimKind;
  key: string;
  periodKey?: string | null;
}

/** One claim of a case, as the bibliography names it. */
export interface CaseClaim {
  kind: ClaimKind;
  key: string;
  /** The period of a level, body, responsibility or connection; null for events and lessons. */
  periodKey: string | null;
  /** A body's level key, a responsibility's body key. */
  parentKey: string | null;
  /** Its path in the document (`periods.0.levels.1.bodies.0`), which opens its form. */
  path: string;
  /** Its name: a level's or body's name, a responsibility's function and area, an event's or lesson's title. */
  label: string;
  /** Its kind and name in words, with the body or level that holds it: `Body “Kela” in National government`. */
  words: string;
  /** Where it is listed: a period by its label, the timeline, the lessons. */
  group: { key: string; label: string };
  /** The keys of the sources it cites, in its order (a source cited twice, with two locators, once). */
  cites: string[];
}

const AREA_NAMES: Record<string, string> = Object.fromEntries(SERVICE_AREAS.map(([key, name]) => [key, name]));
/** A service area by the name the vocabulary first shipped with (a key it does not know, as given). */
export const serviceAreaName = (key: string): string => AREA_NAMES[key] ?? key;

const kindWord = (kind: ClaimKind) => {
  const name = PART_NAMES[kind];
  return name.charAt(0).toUpperCase() + name.slice(1);
};
/** A responsibility's name: its function and service area, `Delivery: Child protection`. */
export const responsibilityName = (fn: string, areaName: string): string =>
  `${FUNCTION_LABELS[fn as keyof typeof FUNCTION_LABELS] ?? fn}: ${areaName}`;

/**
 * The id of a responsibility's or a connection's row on its case's page, for links to lead to it:
 * `responsibility-from-2023--counties-child-welfare`. A key is unique only within its period (the
 * same responsibility often carries on into the next), so the period's key leads; keys never hold
 * "--", so the two cannot run together.
 */
export const structureRowId = (kind: 'RESPONSIBILITY' | 'CONNECTION', periodKey: string, key: string): string =>
  `${kind.toLowerCase()}-${periodKey}--${key}`;

/** A connection's name: the service areas it joins, `Child protection and Education`. */
export const connectionName = (areaNames: readonly string[]): string => areaNames.join(' and ');

/**
 * A claim's kind and name in words, with what holds it (`in National government`, `of Kela`) and
 * its period when given: `Body “Kela” in National government, in the period “2014 onwards”`.
 */
export function claimInWords(
  kind: ClaimKind,
  label: string,
  where: { holder?: string | null; period?: string | null } = {},
): string {
  const holder = where.holder ? ` ${where.holder}` : '';
  const period = where.period ? `, in the period “${where.period}”` : '';
  return `${kindWord(kind)} “${label}”${holder}${period}`;
}

const citedKeys = (claim: ClaimDoc) => [...new Set((claim.cite ?? []).map((c) => citeParts(c).source))];

/**
 * Every claim of a case in document order, named in words: levels, their bodies and the bodies'
 * responsibilities, then connections, period by period; then the timeline's events and the
 * lessons. `areaName` names a service area (the vocabulary's names unless the caller knows better).
 */
export function caseClaims(doc: CaseProfileDoc, areaName: (key: string) => string = serviceAreaName): CaseClaim[] {
  const out: CaseClaim[] = [];
  const add = (
    kind: ClaimKind,
    claim: ClaimDoc,
    path: string,
    label: string,
    group: CaseClaim['group'],
    where: { periodKey?: string; parentKey?: string; holder?: string } = {},
  ) =>
    out.push({
      kind,
      key: claim.key,
      periodKey: where.periodKey ?? null,
      parentKey: where.parentKey ?? null,
      path,
      label,
      words: claimInWords(kind, label, { holder: where.holder }),
      group,
      cites: citedKeys(claim),
    });
  (doc.periods ?? []).forEach((period, p) => {
    const group = { key: `periods.${p}`, label: period.label || period.key };
    const periodKey = period.key;
    (period.levels ?? []).forEach((level, l) => {
      const at = `periods.${p}.levels.${l}`;
      const levelName = level.name || level.key;
      add('LEVEL', level, at, levelName, group, { periodKey });
      (level.bodies ?? []).forEach((body, b) => {
        const bodyName = body.name || body.key;
        add('BODY', body, `${at}.bodies.${b}`, bodyName, group, {
          periodKey,
          parentKey: level.key,
          holder: `in ${levelName}`,
        });
        (body.responsibilities ?? []).forEach((r, i) =>
          add(
            'RESPONSIBILITY',
            r,
            `${at}.bodies.${b}.responsibilities.${i}`,
            responsibilityName(r.function, areaName(r.serviceArea)),
            group,
            { periodKey, parentKey: body.key, holder: `of ${bodyName}` },
          ),
        );
      });
    });
    (period.connections ?? []).forEach((c, i) =>
      add('CONNECTION', c, `periods.${p}.connections.${i}`, connectionName(c.between.map(areaName)), group, {
        periodKey,
      }),
    );
  });
  const timeline = { key: 'timeline', label: 'Timeline' };
  (doc.timeline ?? []).forEach((e, i) => add('EVENT', e, `timeline.${i}`, e.title || e.key, timeline));
  const lessons = { key: 'lessons', label: 'Lessons' };
  (doc.lessons ?? []).forEach((l, i) => add('LESSON', l, `lessons.${i}`, l.title || l.key, lessons));
  return out;
}

/** The claims of a case that cite a source, in document order. */
export function claimsCiting(
  doc: CaseProfileDoc,
  sourceKey: string,
  areaName: (key: string) => string = serviceAreaName,
): CaseClaim[] {
  return caseClaims(doc, areaName).filter((c) => c.cites.includes(sourceKey));
}

/** Whether two references name the same claim (a level, body, responsibility or connection in its period). */
export function sameClaim(a: ClaimRef, b: ClaimRef): boolean {
  const inPeriod = a.kind !== 'EVENT' && a.kind !== 'LESSON';
  return a.kind === b.kind && a.key === b.key && (!inPeriod || (a.periodKey ?? null) === (b.periodKey ?? null));
}

/** Every word of `query` is found, in any case, in the claim's words or its period's label. */
export function claimMatches(claim: CaseClaim, query: string): boolean {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const text = `${claim.words}\n${claim.group.label}`.toLocaleLowerCase();
  return words.every((w) => text.includes(w));
}

/** "1 claim", "3 claims". */
export const claimCount = (n: number): string => `${n} claim${n === 1 ? '' : 's'}`;
