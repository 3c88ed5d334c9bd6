/**
 * The lessons page's reading of the lessons: grouping them by theme or by case, and finding them
 * by the words a reader remembers, whatever their accents or capitals.
 */

/** What a lesson needs for grouping and finding. */
export interface LessonForList {
  id: string;
  title: string;
  detail: string;
  transferability?: string | null;
  theme: { key: string; name: string };
  caseStudy: { slug: string; name: string };
}

/** How the lessons are grouped: under their themes or under their cases. */
export type LessonGrouping = 'theme' | 'case';

export const LESSON_GROUPINGS: readonly { value: LessonGrouping; label: string }[] = [
  { value: 'theme', label: 'Theme' },
  { value: 'case', label: 'Case' },
];

/** A URL's grouping: the theme unless the case is asked for. */
export const lessonGrouping = (value: string): LessonGrouping => (value === 'case' ? 'case' : 'theme');

/** Text as searches compare it: no accents (é is e, ø is o), no capitals, one space between words. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/ł/gi, 'l')
    .toLocaleLowerCase('en')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search, folded; none for a blank one. */
export const searchTerms = (query: string): string[] => foldText(query).split(' ').filter(Boolean);

/** Every word of the search is found in the lesson's title, text, transferability, theme or case. */
export function lessonMatches(lesson: LessonForList, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const text = foldText(
    [lesson.title, lesson.detail, lesson.transferability ?? '', lesson.theme.name, lesson.caseStudy.name].join(' '),
  );
  return terms.every((t) => text.includes(t));
}

/** One group of lessons under its heading. */
export interface LessonGroup<L extends LessonForList> {
  key: string;
  name: string;
  lessons: L[];
}

/**
 * The lessons under their themes (in the vocabulary's order) or their cases (in the order the
 * list of cases gives them), each group keeping the lessons' own order; a theme or case the
 * order does not know comes after those it does, by name. Groups without lessons are left out.
 */
export function groupLessons<L extends LessonForList>(
  lessons: readonly L[],
  by: LessonGrouping,
  order: readonly string[] = [],
): LessonGroup<L>[] {
  const groups = new Map<string, LessonGroup<L>>();
  for (const l of lessons) {
    const { key, name } = by === 'theme' ? l.theme : { key: l.caseStudy.slug, name: l.caseStudy.name };
    const group = groups.get(key) ?? { key, name, lessons: [] };
    group.lessons.push(l);
    groups.set(key, group);
  }
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i === -1 ? order.length : i;
  };
  return [...groups.values()].sort((a, b) => rank(a.key) - rank(b.key) || a.name.localeCompare(b.name, 'en'));
}

/** "1 lesson", "3 lessons". */
export const lessonCount = (n: number): string => `${n} lesson${n === 1 ? '' : 's'}`;
