import { onBeforeUnmount, type Ref } from 'vue';
import { useRoute } from 'vue-router';

interface Preserved {
  read(): unknown;
  dirty(): boolean;
}

/** The forms on screen now, by id: what to keep when the session runs out mid-edit. */
const onScreen = new Map<string, Preserved>();
const PREFIX = 'casebook:unsaved:';

/** Where a form's unsaved input waits in sessionStorage: one key per page (full path) and form. */
export function preservedKey(path: string, id: string): string {
  return `${PREFIX}${path}#${id}`;
}

/**
 * Writes every form on screen that has unsaved input to sessionStorage under `path`, so that it
 * survives a trip to the sign-in page and back (called just before that redirect).
 */
export function preserveUnsavedState(path: string): void {
  for (const [id, form] of onScreen) {
    if (form.dirty()) sessionStorage.setItem(preservedKey(path, id), JSON.stringify(form.read()));
  }
}

/**
 * Registers a form's in-progress state under `id` and gives back what was kept for this page,
 * if anything (it is taken out of storage: it is restored once).
 */
export function usePreservedState<T>(id: string, state: Ref<T>, dirty: () => boolean): T | null {
  const route = useRoute();
  const key = preservedKey(route.fullPath, id);
  const saved = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  const entry: Preserved = { read: () => state.value, dirty };
  onScreen.set(id, entry);
  onBeforeUnmount(() => {
    if (onScreen.get(id) === entry) onScreen.delete(id);
  });
  if (saved === null) return null;
  try {
    return JSON.parse(saved) as T;
  } catch {
    return null;
  }
}
