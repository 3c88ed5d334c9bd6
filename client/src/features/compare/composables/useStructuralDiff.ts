import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { StructuralDiffDocument, type ComparePickerQuery } from '@/gql/graphql';
import { dayInPeriod } from '@casebook/schema';

type PickerCase = ComparePickerQuery['caseStudies']['nodes'][number];

/** The case and its two periods that the compare page's "a case with itself" section shows. */
export interface DiffChoice {
  slug: string;
  fromKey: string;
  toKey: string;
}

/**
 * What changed in one case between two of its periods (each period asked for by a day inside it);
 * asked only once a case and two different periods are chosen.
 */
export function useStructuralDiff(cases: Ref<readonly PickerCase[]>, choice: Ref<DiffChoice>) {
  const chosen = computed(() => cases.value.find((c) => c.slug === choice.value.slug) ?? null);
  const selectorFor = (key: string) => {
    const p = chosen.value?.periods.find((x) => x.key === key);
    const asOf = p ? dayInPeriod(p) : undefined;
    return asOf ? { slug: choice.value.slug, asOf } : { slug: choice.value.slug };
  };
  const ready = computed(() =>
    Boolean(chosen.value && choice.value.fromKey && choice.value.toKey && choice.value.fromKey !== choice.value.toKey),
  );
  const variables = computed(() => ({ from: selectorFor(choice.value.fromKey), to: selectorFor(choice.value.toKey) }));
  const { result, loading, error, refetch } = useQuery(StructuralDiffDocument, variables, () => ({
    enabled: ready.value,
  }));
  return {
    diff: computed(() => result.value?.structuralDiff ?? null),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
  };
}
