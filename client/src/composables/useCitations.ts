import { computed, type Ref } from 'vue';

export interface NumberedSource {
  id: string;
  number: number;
}

/**
 * Numbers a page's sources in the order of its bibliography, so that every citation "[3]" on the
 * page links to entry 3 of the list.
 */
export function useCitationNumbers<T extends { id: string }>(sources: Ref<readonly T[]>) {
  const numbers = computed(() => new Map(sources.value.map((s, i) => [s.id, i + 1])));
  return {
    numberOf: (sourceId: string) => numbers.value.get(sourceId),
    anchorOf: (sourceId: string) => `source-${numbers.value.get(sourceId) ?? 'unknown'}`,
  };
}
