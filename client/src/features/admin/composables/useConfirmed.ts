import { ref, type Ref } from 'vue';
import { describeError } from '@/apollo/errors';

/** What a confirmed action reports: done, with words for the page, or refused, with the reason. */
export type ConfirmedOutcome = { done: string } | { problem: string };

/**
 * An action that waits for a confirmation: `ask` holds the item, `confirm` runs the action on it.
 * The dialog stays open with the reason when the action is refused or fails, and closes once it
 * is done.
 */
export function useConfirmed<T>(run: (item: T) => Promise<ConfirmedOutcome>) {
  const pending = ref(null) as Ref<T | null>;
  const problem = ref('');
  const done = ref('');

  async function confirm() {
    const item = pending.value;
    if (item === null) return;
    problem.value = '';
    try {
      const outcome = await run(item);
      if ('problem' in outcome) {
        problem.value = outcome.problem;
        return;
      }
      done.value = outcome.done;
      pending.value = null;
    } catch (e) {
      problem.value = describeError(e as Error);
    }
  }

  return {
    pending,
    problem,
    done,
    ask(item: T) {
      problem.value = '';
      pending.value = item;
    },
    confirm,
    cancel: () => (pending.value = null),
  };
}
