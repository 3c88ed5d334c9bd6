// Synthetic case profiles for measuring the app with many cases, in the documented interchange
// format (docs/CASE-PROFILE-FORMAT.md). Each one is derived from a real profile in seeds/: it gets
// an invented place (name, slug, jurisdiction), its dates and the years in its text move back by
// up to 15 years, and it keeps a varied share of the original's bodies, responsibilities,
// connections, timeline events and lessons, sometimes with a lesson taken from another profile.
// Every claim keeps its citations and sources nothing cites are dropped, so each profile is valid
// and publishable. The same seed always gives the same profiles.
//
//   node bench/synthetic.mjs --out DIR [--count 200] [--seed 1]
// writes the files; bench/run.mjs --scale imports them with the casebook CLI.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { root } from './lib.mjs';

/** The names the real profiles use for their place, longest first, each replaced by the invented place. */
const PLACE_WORDS = {
  finland: ['Finland', 'Finnish'],
  ireland: ['Ireland', 'Irish'],
  netherlands: ['The Netherlands', 'the Netherlands', 'Netherlands', 'Dutch'],
  'new-zealand': ['New Zealand'],
  'northern-ireland': ['Northern Ireland', 'Northern Irish'],
  'police-scotland': ['Scotland', 'Scottish'],
  scotland: ['Scotland', 'Scottish'],
  'scottish-fire-and-rescue-service': ['Scotland', 'Scottish'],
};

const FIRST = [
  'Ald',
  'Bren',
  'Cal',
  'Dun',
  'Eas',
  'Fal',
  'Glen',
  'Har',
  'Inver',
  'Kel',
  'Lin',
  'Mor',
  'Nor',
  'Os',
  'Pen',
  'Ros',
  'Stra',
  'Tor',
  'Wes',
  'Yar',
  'Brae',
  'Cor',
  'Eld',
  'Thorn',
];
const LAST = [
  'mere',
  'dale',
  'ford',
  'holm',
  'vik',
  'wick',
  'land',
  'moor',
  'field',
  'burgh',
  'haven',
  'stad',
  'lund',
  'by',
  'mark',
  'ness',
];

/** Text fields outside the sources: they get the invented place and the shifted years. */
const TEXT_FIELDS = new Set([
  'name',
  'jurisdiction',
  'summary',
  'label',
  'description',
  'title',
  'detail',
  'transferability',
  'note',
]);
const DATE_FIELDS = new Set(['validFrom', 'validTo', 'date']);
/** Citations and the documents they name stay exactly as in the real profile. */
const KEPT_AS_IS = new Set(['cite', 'sources', 'notModelled']);
const YEAR = /\b(19[5-9]\d|20[0-3]\d)\b/g;

/** A small deterministic generator (mulberry32): the same seed gives the same profiles. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/** The real case profiles in seeds/, by slug order. */
export function realProfiles() {
  const dir = path.join(root, 'seeds');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => parse(readFileSync(path.join(dir, name), 'utf8')))
    .filter((doc) => doc.format === 'casebook/case-profile@1');
}

const slugify = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isLeap = (year) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Moves a "YYYY", "YYYY-MM" or "YYYY-MM-DD" date by whole years (29 February becomes the 28th when needed). */
function shiftDate(value, years) {
  const [year, month, day] = value.split('-');
  const shifted = String(Number(year) + years);
  if (!month) return shifted;
  const fixedDay = day === '29' && month === '02' && !isLeap(Number(shifted)) ? '28' : day;
  return [shifted, month, ...(day ? [fixedDay] : [])].join('-');
}

/** Rewrites a real profile's text for the invented place and moves its dates; sources stay as cited. */
function rewrite(value, words, place, years, field) {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, words, place, years, field));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, child] of Object.entries(value))
      out[key] = KEPT_AS_IS.has(key) ? child : rewrite(child, words, place, years, key);
    return out;
  }
  if (typeof value !== 'string') return value;
  if (DATE_FIELDS.has(field)) return shiftDate(value, years);
  if (!TEXT_FIELDS.has(field)) return value;
  let text = value;
  for (const word of words) text = text.replace(new RegExp(`\\b${escape(word)}\\b`, 'g'), place);
  return text.replace(YEAR, (year) => String(Number(year) + years));
}

/** Keeps each item with probability `keep`, and at least `min` of them (the first ones). */
function some(items, rng, keep, min = 1) {
  if (!items?.length) return items;
  const kept = items.filter(() => rng.chance(keep));
  return kept.length >= Math.min(min, items.length) ? kept : items.slice(0, Math.min(min, items.length));
}

function citedKeys(value, keys = new Set()) {
  if (Array.isArray(value)) for (const item of value) citedKeys(item, keys);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'cite') for (const cite of child) keys.add(typeof cite === 'string' ? cite : cite.source);
      else citedKeys(child, keys);
    }
  }
  return keys;
}

const sourceOf = (cite) => (typeof cite === 'string' ? cite : cite.source);
const withSource = (cite, key) => (typeof cite === 'string' ? key : { ...cite, source: key });

/** Adds a lesson from another profile to `doc`, bringing the sources it cites (reusing one with the same URL). */
function borrowLesson(doc, donor, lesson) {
  const byUrl = new Map(doc.sources.map((source) => [source.url, source.key]));
  const keys = new Set(doc.sources.map((source) => source.key));
  const renamed = new Map();
  for (const cite of lesson.cite) {
    const donorKey = sourceOf(cite);
    if (renamed.has(donorKey)) continue;
    const source = donor.sources.find((s) => s.key === donorKey);
    let key = byUrl.get(source.url);
    if (!key) {
      key = donorKey;
      for (let n = 2; keys.has(key); n++) key = `${donorKey}-${n}`;
      keys.add(key);
      byUrl.set(source.url, key);
      doc.sources.push({ ...source, key });
    }
    renamed.set(donorKey, key);
  }
  const lessonKeys = new Set((doc.lessons ?? []).map((l) => l.key));
  let key = lesson.key;
  for (let n = 2; lessonKeys.has(key); n++) key = `${lesson.key}-${n}`;
  doc.lessons = [
    ...(doc.lessons ?? []),
    { ...lesson, key, cite: lesson.cite.map((cite) => withSource(cite, renamed.get(sourceOf(cite)))) },
  ];
}

function vary(base, rng) {
  const doc = structuredClone(base);
  if (doc.periods.length > 1 && rng.chance(0.1)) doc.periods = doc.periods.slice(1);
  for (const period of doc.periods) {
    for (const level of period.levels ?? []) {
      if (level.unitCount) level.unitCount = Math.max(1, Math.round(level.unitCount * (0.7 + 0.6 * rng.next())));
      if (!level.bodies) continue;
      level.bodies = some(level.bodies, rng, 0.8);
      for (const body of level.bodies)
        if (body.responsibilities) body.responsibilities = some(body.responsibilities, rng, 0.85);
    }
    if (period.connections) {
      period.connections = some(period.connections, rng, 0.75, 0);
      for (const connection of period.connections)
        if (connection.mechanisms.length > 1 && rng.chance(0.2))
          connection.mechanisms = connection.mechanisms.slice(0, -1);
    }
  }
  if (doc.timeline) doc.timeline = some(doc.timeline, rng, 0.8);
  if (doc.lessons) doc.lessons = some(doc.lessons, rng, 0.8);
  const sentences = doc.summary.split(/(?<=\.) /);
  if (sentences.length > 2 && rng.chance(0.5)) doc.summary = sentences.slice(0, -1).join(' ');
  return doc;
}

/**
 * `count` synthetic case profiles derived from the real ones (each in turn), with invented places
 * whose slugs differ from every real slug. Returns `[{ slug, doc }]`.
 */
export function syntheticProfiles({ count = 200, seed = 1 } = {}) {
  const rng = random(seed);
  const bases = realProfiles();
  if (bases.length === 0) throw new Error('seeds/ holds no case profiles to derive synthetic ones from.');
  const taken = new Set(bases.map((doc) => doc.slug));
  const places = new Set();
  const profiles = [];
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length];
    let place = `${rng.pick(FIRST)}${rng.pick(LAST)}`;
    for (let tries = 1; places.has(place); tries++)
      place = `${rng.pick(FIRST)}${rng.pick(LAST)}${tries > 20 ? ` ${Math.floor(tries / 20) + 1}` : ''}`;
    places.add(place);
    const years = -rng.int(0, 15);
    const words = PLACE_WORDS[base.slug] ?? [base.jurisdiction];
    const doc = rewrite(vary(base, rng), words, place, years);
    for (const donor of bases) {
      if (donor === base || !donor.lessons?.length || !rng.chance(0.08)) continue;
      borrowLesson(
        doc,
        donor,
        rewrite(rng.pick(donor.lessons), PLACE_WORDS[donor.slug] ?? [donor.jurisdiction], place, years, 'lessons'),
      );
    }
    let slug = slugify(doc.name);
    for (let n = 2; taken.has(slug); n++) slug = `${slugify(doc.name)}-${n}`;
    taken.add(slug);
    doc.slug = slug;
    doc.baseline = false;
    doc.note = `Synthetic profile for performance measurement, derived from the ${base.name} profile with an invented place; its facts are not real.`;
    const cited = citedKeys({ ...doc, sources: [] });
    doc.sources = doc.sources.filter((source) => cited.has(source.key));
    profiles.push({ slug, doc });
  }
  return profiles;
}

/** Writes the profiles as YAML files, one per case, into `dir`; returns their paths. */
export function writeProfiles(dir, profiles) {
  mkdirSync(dir, { recursive: true });
  return profiles.map(({ slug, doc }) => {
    const file = path.join(dir, `${slug}.yaml`);
    writeFileSync(file, stringify(doc, { lineWidth: 0 }));
    return file;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : args[i + 1];
  };
  const out = option('--out');
  const count = Number(option('--count', '200'));
  const seed = Number(option('--seed', '1'));
  if (!out || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    console.error('Usage: node bench/synthetic.mjs --out DIR [--count 200] [--seed 1]');
    process.exit(1);
  }
  const files = writeProfiles(out, syntheticProfiles({ count, seed }));
  console.log(
    `Wrote ${files.length} synthetic case profiles to ${out} (seed ${seed}). Check them with: npm run casebook -- import ${out}/*.yaml --publish --dry-run`,
  );
}
