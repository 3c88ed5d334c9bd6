import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { CaseProfileDoc } from '@casebook/schema';

/** A small case document in the file format, with two lessons and two sources. */
export function draftDocument(): CaseProfileDoc {
  return {
    format: 'casebook/case-profile@1',
    slug: 'testland',
    name: 'Testland',
    kind: 'COUNTRY',
    jurisdiction: 'Testland',
    baseline: false,
    summary: 'A case for the tests.',
    periods: [{ key: 'current', label: 'Now' }],
    lessons: [
      { key: 'first-lesson', theme: 'workforce', title: 'First lesson', detail: 'One.', cite: ['report-a'] },
      {
        key: 'second-lesson',
        theme: 'finance',
        title: 'Second lesson',
        detail: 'Two.',
        evidenceStrength: 'MODERATE',
        cite: ['report-a', { source: 'report-b', locator: 'p. 4' }],
      },
    ],
    sources: [
      { key: 'report-a', url: 'https://example.org/a', title: 'Report A', standing: 'OFFICIAL' },
      { key: 'report-b', url: 'https://example.org/b', title: 'Report B', standing: 'ACADEMIC' },
    ],
  };
}

/** The Draft query's `draft` as the server sends it (with __typename, as Apollo's cache needs). */
export function servedDraft(version: number, document: Record<string, unknown>, updatedByLabel = 'Eda Editor') {
  return {
    __typename: 'CaseDraft',
    slug: 'testland',
    status: 'DRAFT',
    version,
    updatedAt: '2026-11-25T10:00:00.000Z',
    updatedByLabel,
    document,
    comments: [],
    publishProblems: [],
  };
}

/** The whole answer to the Draft query. */
export function servedDraftQuery(version: number, document: Record<string, unknown>, updatedByLabel?: string) {
  return {
    data: {
      caseStudy: { __typename: 'CaseStudy', id: 'Q2FzZVN0dWR5OjE=', slug: 'testland', name: 'Testland' },
      draft: servedDraft(version, document, updatedByLabel),
      lessonThemes: [
        { __typename: 'LessonTheme', key: 'workforce', name: 'Workforce' },
        { __typename: 'LessonTheme', key: 'finance', name: 'Finance' },
      ],
    },
  };
}

export const THEME_CHOICES = [
  { value: 'workforce', label: 'Workforce' },
  { value: 'finance', label: 'Finance' },
];
export const CITE_CHOICES = [
  { value: 'report-a', label: 'Report A (report-a)' },
  { value: 'report-b', label: 'Report B (report-b)' },
];

/** A memory router at the draft page's address (forms keep unsaved input by route). */
export async function draftRouter(path = '/cases/testland/draft'): Promise<Router> {
  const Blank = defineComponent({ render: () => null });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: Blank }] });
  await router.push(path);
  await router.isReady();
  return router;
}
