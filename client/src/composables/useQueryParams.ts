import { computed, type WritableComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/**
 * A URL query parameter as a writable value: every view's state lives in its URL, so a reload or
 * a shared link shows the same view. Empty values are removed from the URL. A change replaces the
 * history entry unless `history` is `'push'`: a change of view that Back should undo.
 */
export function useQueryParam(
  name: string,
  options: { history?: 'replace' | 'push' } = {},
): WritableComputedRef<string> {
  const route = useRoute();
  const router = useRouter();
  return computed({
    get: () => {
      const value = route.query[name];
      return typeof value === 'string' ? value : '';
    },
    set: (value: string) => {
      const query = { ...route.query };
      if (value) query[name] = value;
      else delete query[name];
      void (options.history === 'push' ? router.push({ query }) : router.replace({ query }));
    },
  });
}
