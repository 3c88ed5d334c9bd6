import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createApolloClient } from '@/apollo/client';
import CompareCommon from '@/features/compare/components/CompareCommon.vue';
import ComparePage from '@/pages/ComparePage.vue';
import { holdingLink } from '../support/held-link';
import { COMPARISON, withTypenames } from './compare-fixtures';

enableAutoUnmount(afterEach);

const text = (w: { text(): string }) => w.text().replace(/\s+/g, ' ').trim();

describe('CompareCommon', () => {
  it('says each approach in its sentence, as a link to its row, and asks for that row when followed', async () => {
    const wrapper = mount(CompareCommon, { props: { comparison: COMPARISON } });

    const links = wrapper.findAll('[data-test="common-approaches"] a');
    expect(links.map((a) => a.text())).toEqual(COMPARISON.commonApproaches.map((a) => a.sentence));
    expect(links.map((a) => a.attributes('href'))).toEqual([
      '#row-RESPONSIBILITIES-health:DELIVERY',
      '#row-RESPONSIBILITIES-childrens-social-work:INSPECTION',
    ]);
    // No "Shared by 3 of 3: National — present": the sentence is the whole claim.
    expect(text(wrapper)).not.toMatch(/Shared by|present/);

    await links[1]!.trigger('click');
    expect(wrapper.emitted('show-row')).toEqual([
      [{ section: 'RESPONSIBILITIES', rowKey: 'childrens-social-work:INSPECTION' }],
    ]);
  });

  it('says so when no approach is shared', () => {
    const wrapper = mount(CompareCommon, { props: { comparison: { ...COMPARISON, commonApproaches: [] } } });
    expect(wrapper.find('a').exists()).toBe(false);
    expect(text(wrapper)).toBe('No two of these cases share an arrangement that the others lack.');
  });
});

const PICKER = {
  caseStudies: {
    __typename: 'CaseStudyConnection',
    nodes: COMPARISON.cases.map((c) => ({
      __typename: 'CaseStudy',
      id: c.caseStudy.id,
      slug: c.caseStudy.slug,
      name: c.caseStudy.name,
      baseline: c.baseline,
      periods: [
        {
          __typename: 'StructurePeriod',
          key: 'current',
          label: c.period.label,
          current: true,
          validFrom: null,
          validTo: null,
        },
      ],
    })),
  },
};

async function mountPage(path: string) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/compare', component: defineComponent({ render: () => h('div') }) }],
  });
  await router.push(path);
  const wrapper = mount(ComparePage, {
    attachTo: document.body,
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  (await held.nextRequest('ComparePicker')).answer({ data: PICKER });
  (await held.nextRequest('Comparison')).answer({ data: { comparison: withTypenames(COMPARISON) } });
  await flushPromises();
  return { wrapper, router };
}

describe('the Compare page’s common approaches', () => {
  it('reveals a row the differences-only view hides, and moves the focus to it', async () => {
    const { wrapper, router } = await mountPage('/compare?cases=scotland,northern-ireland,finland&only=differences');
    const scrolled = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
    onTestFinished(() => scrolled.mockRestore());
    const shown = () => wrapper.findAll('[data-test="compare-row"]').map((r) => r.attributes('id'));
    expect(shown()).toEqual([
      'row-GOVERNANCE-REGIONAL',
      'row-RESPONSIBILITIES-childrens-social-work:POLICY',
      'row-RESPONSIBILITIES-health:DELIVERY',
    ]);

    // A row the cases differ in is shown already: the view stays as it is.
    const links = wrapper.findAll('[data-test="common-approaches"] a');
    await links[0]!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.only).toBe('differences');
    expect(document.activeElement?.id).toBe('row-RESPONSIBILITIES-health:DELIVERY');

    // The same in every case: hidden by the view, which shows every row again to show it.
    await links[1]!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.only).toBeUndefined();
    expect((wrapper.get('[data-test="only-differing"]').element as HTMLInputElement).checked).toBe(false);
    expect(shown()).toContain('row-RESPONSIBILITIES-childrens-social-work:INSPECTION');
    expect(document.activeElement?.id).toBe('row-RESPONSIBILITIES-childrens-social-work:INSPECTION');
    expect(scrolled).toHaveBeenCalledTimes(2);
    expect(text(wrapper.get('[data-test="revealed"]'))).toBe(
      "Showing every row, so that “Children's social work and care: Inspection” can be seen.",
    );
    // Every link on the page now leads to a row that is shown.
    for (const a of wrapper.findAll('[data-test="common-approaches"] a'))
      expect(document.getElementById(a.attributes('href')!.slice(1)), a.attributes('href')).not.toBeNull();
  });
});
