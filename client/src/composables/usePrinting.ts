import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * True while the page is being printed (or printed to PDF). Browsers announce a print with
 * `beforeprint` before they lay the page out for paper, and Vue's update runs in the microtask
 * right after the handler, so views that only exist on paper (split tables) are drawn in time;
 * `afterprint` takes them away again. The print media query covers browsers that only switch it.
 */
export function usePrinting(): Ref<boolean> {
  const printing = ref(false);
  const media = typeof window === 'undefined' ? null : window.matchMedia?.('print');
  const start = () => (printing.value = true);
  const end = () => (printing.value = false);
  const follow = (event: MediaQueryListEvent) => (printing.value = event.matches);
  onMounted(() => {
    window.addEventListener('beforeprint', start);
    window.addEventListener('afterprint', end);
    media?.addEventListener?.('change', follow);
    if (media?.matches) printing.value = true;
  });
  onBeforeUnmount(() => {
    window.removeEventListener('beforeprint', start);
    window.removeEventListener('afterprint', end);
    media?.removeEventListener?.('change', follow);
  });
  return printing;
}
