import { computed } from 'vue';
import { useViewer } from '@/composables/useViewer';

/** Whether an admin is signed in: the admin pages ask for their data only then (AdminGate shows it only then). */
export function useIsAdmin() {
  const { viewer } = useViewer();
  return { viewer, isAdmin: computed(() => viewer.value?.role === 'ADMIN') };
}
