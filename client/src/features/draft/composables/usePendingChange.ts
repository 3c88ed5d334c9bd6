import { useMutation } from '@vue/apollo-composable';
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { describeError, messageForCode } from '@/apollo/errors';
import type { PartLocation } from '@/features/draft/parts';
import { DiscardPendingChangeDocument, KeepPendingChangeDocument } from '@/gql/graphql';
import type { DocumentPartKind } from '@casebook/schema';

/** How long after the last keystroke an open form's input is kept on the server. */
export const KEEP_AFTER_MS = 3000;

/** How a form is named among an editor's kept input: the part, and for a new one, where it goes. */
export function pendingFormName(where: PartLocation): string {
  return `${where.kind}:${where.key ?? ''}@${where.periodKey ?? ''}/${where.parentKey ?? ''}`;
}

/** The part a kept form's name stands for; null for a name the app did not make. */
export function pendingFormPlace(form: string): PartLocation | null {
  const match = /^([A-Z_]+):([^@]*)@([^/]*)\/(.*)$/.exec(form);
  if (!match) return null;
  const [, kind, key, periodKey, parentKey] = match;
  return {
    kind: kind as DocumentPartKind,
    key: key || null,
    periodKey: periodKey || null,
    parentKey: parentKey || null,
  } as PartLocation;
}

/**
 * Keeps an open form's input on the server a few seconds after typing stops, for its author alone:
 * never a save, never a conflict. `unkept` tells whether leaving now would lose anything.
 */
export function usePendingChange(options: {
  slug: () => string;
  form: string;
  label: () => string;
  state: () => Record<string, unknown>;
  values: Ref<unknown>;
  dirty: () => boolean;
}) {
  const keptAt = ref<Date | null>(null);
  const problem = ref('');
  let keptValues: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keepMutation = useMutation(KeepPendingChangeDocument);
  const discardMutation = useMutation(DiscardPendingChangeDocument);

  async function keepNow() {
    clearTimeout(timer);
    if (!options.dirty()) return;
    const values = JSON.stringify(options.values.value);
    try {
      const payload = (
        await keepMutation.mutate({
          slug: options.slug(),
          form: options.form,
          label: options.label(),
          state: options.state(),
        })
      )?.data?.keepPendingChange;
      const errors = payload?.userErrors ?? [];
      if (errors.length) {
        problem.value = errors
          .map((e) => (e.code === 'BAD_USER_INPUT' || e.code === 'WORKFLOW' ? e.message : messageForCode(e.code)))
          .join(' ');
        return;
      }
      keptValues = values;
      problem.value = '';
      keptAt.value = payload?.pendingChange ? new Date(payload.pendingChange.updatedAt as string) : new Date();
    } catch (error) {
      problem.value = describeError(error as Error);
    }
  }

  watch(
    options.values,
    () => {
      clearTimeout(timer);
      if (options.dirty()) timer = setTimeout(() => void keepNow(), KEEP_AFTER_MS);
    },
    { deep: true },
  );
  onBeforeUnmount(() => clearTimeout(timer));

  /** The form was saved or let go: what was kept of it goes. */
  function discard() {
    clearTimeout(timer);
    const had = keptValues !== null || keptAt.value !== null;
    keptValues = null;
    keptAt.value = null;
    problem.value = '';
    if (had) void discardMutation.mutate({ slug: options.slug(), form: options.form })?.catch(() => undefined);
  }

  /** Whether the form holds input that is neither saved nor kept. */
  const unkept = () => options.dirty() && JSON.stringify(options.values.value) !== keptValues;

  /** The form took its input from what was kept at `at` (offered back after a reload): that is kept. */
  function adopt(at: Date) {
    keptValues = JSON.stringify(options.values.value);
    keptAt.value = at;
  }

  return { keptAt, problem, discard, unkept, keepNow, adopt };
}
