import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * Whether a CSS media query matches the window now, kept up to date as the window changes (a phone
 * turned on its side, a window made narrower). False where there is no window to ask.
 */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null;
  const matches = ref(list?.matches ?? false);
  const changed = (event: MediaQueryListEvent) => (matches.value = event.matches);
  list?.addEventListener('change', changed);
  onBeforeUnmount(() => list?.removeEventListener('change', changed));
  return matches;
}
