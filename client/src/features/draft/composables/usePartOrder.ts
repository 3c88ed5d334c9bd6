import { useMutation } from '@vue/apollo-composable';
import { computed } from 'vue';
import { describeError, messageForCode } from '@/apollo/errors';
import type { PartLocation } from '@/features/draft/parts';
import { CopyDraftPeriodDocument, ReorderDraftPartDocument } from '@/gql/graphql';
import { PART_NAMES } from '@casebook/schema';

/** What a move or a copy came to: a notice to show, or a problem in words. */
export type OrderOutcome = { notice: string } | { problem: string };

interface UserErrorLike {
  code: string;
  message: string;
}
const words = (errors: readonly UserErrorLike[]) =>
  errors
    .map((e) => (e.code === 'BAD_USER_INPUT' || e.code === 'NOT_FOUND' ? e.message : messageForCode(e.code)))
    .join(' ');

/** Moving parts among those beside them, and copying a period, against the draft's version. */
export function usePartOrder(slug: () => string) {
  const reorder = useMutation(ReorderDraftPartDocument);
  const copy = useMutation(CopyDraftPeriodDocument);

  async function move(
    where: PartLocation,
    position: number,
    expectedVersion: number,
    name: string,
  ): Promise<OrderOutcome> {
    if (!where.key) return { problem: 'That part has no key.' };
    try {
      const payload = (
        await reorder.mutate({
          edit: {
            slug: slug(),
            expectedVersion,
            message: `Moved the ${PART_NAMES[where.kind]} ${where.key} to place ${position + 1}`,
          },
          kind: where.kind,
          key: where.key,
          periodKey: where.periodKey ?? null,
          position,
        })
      )?.data?.reorderDraftPart;
      const errors = payload?.userErrors ?? [];
      return errors.length ? { problem: words(errors) } : { notice: `Moved ${name} to place ${position + 1}.` };
    } catch (e) {
      return { problem: describeError(e as Error) };
    }
  }

  async function copyPeriod(
    key: string,
    newKey: string,
    label: string,
    expectedVersion: number,
  ): Promise<OrderOutcome> {
    try {
      const payload = (
        await copy.mutate({
          edit: { slug: slug(), expectedVersion, message: `Copied the period ${key} as ${newKey}` },
          key,
          newKey,
          label,
        })
      )?.data?.copyDraftPeriod;
      const errors = payload?.userErrors ?? [];
      return errors.length
        ? { problem: words(errors) }
        : { notice: `Copied the period as “${label}”, right after it: give it its dates and check its parts.` };
    } catch (e) {
      return { problem: describeError(e as Error) };
    }
  }

  return { move, copyPeriod, busy: computed(() => reorder.loading.value || copy.loading.value) };
}
