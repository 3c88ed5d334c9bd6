import { describe, expect, it } from 'vitest';
import {
  foldText,
  groupLessons,
  lessonGrouping,
  lessonMatches,
  searchTerms,
  type LessonForList,
} from '@/features/lessons/lessons';

const lesson = (
  id: string,
  theme: [string, string],
  caseStudy: [string, string],
  title = `Lesson ${id}`,
  detail = '',
): LessonForList => ({
  id,
  title,
  detail,
  transferability: null,
  theme: { key: theme[0], name: theme[1] },
  caseStudy: { slug: caseStudy[0], name: caseStudy[1] },
});

const WORKFORCE: [string, string] = ['workforce', 'Workforce'];
const FINANCE: [string, string] = ['finance', 'Finance'];
const FINLAND: [string, string] = ['finland', 'Finland'];
const NL: [string, string] = ['netherlands', 'The Netherlands'];

describe('finding lessons by words', () => {
  it('folds accents, capitals and spaces', () => {
    expect(foldText('  Sámi  Hyvinvointialue ÆØ Straße ')).toBe('sami hyvinvointialue aeo strasse');
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms('Jeugdwet  Gemeente')).toEqual(['jeugdwet', 'gemeente']);
  });

  it('finds every word in the title, text, theme or case, in any order, whatever its accents', () => {
    const l = lesson(
      '1',
      WORKFORCE,
      NL,
      'Decentralisation needs money',
      'Municipalities took on youth care (Jeugdwet).',
    );
    expect(lessonMatches(l, searchTerms('jeugdwet money'))).toBe(true);
    expect(lessonMatches(l, searchTerms('NETHERLANDS workforce'))).toBe(true);
    expect(lessonMatches(l, searchTerms('décentralisation'))).toBe(true);
    expect(lessonMatches(l, searchTerms('money finland'))).toBe(false);
    expect(lessonMatches(lesson('2', FINANCE, FINLAND, 'Säästöt', ''), searchTerms('saastot'))).toBe(true);
    expect(lessonMatches(l, [])).toBe(true);
  });
});

describe('grouping lessons', () => {
  const lessons = [
    lesson('1', WORKFORCE, NL),
    lesson('2', FINANCE, FINLAND),
    lesson('3', WORKFORCE, FINLAND),
    lesson('4', ['culture', 'Culture'], NL),
  ];

  it('groups by theme in the vocabulary order, keeping the lessons in order, unknown themes last by name', () => {
    const groups = groupLessons(lessons, 'theme', ['finance', 'workforce']);
    expect(groups.map((g) => [g.name, g.lessons.map((l) => l.id)])).toEqual([
      ['Finance', ['2']],
      ['Workforce', ['1', '3']],
      ['Culture', ['4']],
    ]);
  });

  it('groups by case in the order of the cases given', () => {
    const groups = groupLessons(lessons, 'case', ['finland', 'netherlands']);
    expect(groups.map((g) => [g.key, g.name, g.lessons.length])).toEqual([
      ['finland', 'Finland', 2],
      ['netherlands', 'The Netherlands', 2],
    ]);
  });

  it('reads the grouping from the URL: the theme unless the case is asked for', () => {
    expect(lessonGrouping('')).toBe('theme');
    expect(lessonGrouping('case')).toBe('case');
    expect(lessonGrouping('nonsense')).toBe('theme');
  });
});
