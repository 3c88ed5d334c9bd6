import type { DataSource } from 'typeorm';
import { limits } from '@casebook/schema';
import { ErrorCode, type UserError } from '../../common/errors.js';
import { viewerUserId, type Viewer } from '../account/access.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { PendingChange } from './pending.entity.js';

const userError = (code: string, message: string, field: string | null = null): UserError => ({ field, code, message });

/** How deep a form's kept state may nest: a form's values are a few levels deep (an extent's areas). */
const STATE_DEPTH = 12;

/** Whether a JSON value nests no deeper than `max`, walked without recursion (a crafted one may nest 50,000 deep). */
function shallow(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return true;
}

/**
 * Each editor's unsaved input, form by form, kept as they type: read and written only by the
 * person it belongs to, so one editor's typing never reaches another, nor the draft.
 */
export class PendingChangeService {
  constructor(private readonly dataSource: DataSource) {}

  /** The viewer's own kept forms in a case's draft, the latest first; none for a token. */
  async mine(viewer: Viewer, slug: string): Promise<PendingChange[]> {
    const userId = viewerUserId(viewer);
    if (!userId) return [];
    const c = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    if (!c) return [];
    return this.dataSource
      .getRepository(PendingChange)
      .find({ where: { userId, caseId: c.id }, order: { updatedAt: 'DESC' } });
  }

  /** Keeps (or replaces) what the viewer has typed in one form. */
  async keep(
    viewer: Viewer,
    input: { slug: string; form: string; label: string; state: Record<string, unknown> },
  ): Promise<{ pendingChange: PendingChange | null; userErrors: UserError[] }> {
    const userId = viewerUserId(viewer);
    if (!userId)
      return {
        pendingChange: null,
        userErrors: [userError(ErrorCode.FORBIDDEN, 'Unsaved input is kept for a person signed in, not for a token.')],
      };
    const c = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug: input.slug });
    if (!c)
      return {
        pendingChange: null,
        userErrors: [userError(ErrorCode.NOT_FOUND, `There is no case "${input.slug}".`, 'slug')],
      };
    const problems: UserError[] = [];
    if (!input.form.trim() || input.form.length > limits.key.max * 4)
      problems.push(userError(ErrorCode.BAD_USER_INPUT, 'Name the form in up to 320 characters.', 'form'));
    if (input.label.length > limits.name.max)
      problems.push(
        userError(
          ErrorCode.BAD_USER_INPUT,
          `Say what the form is about in up to ${limits.name.max} characters.`,
          'label',
        ),
      );
    if (!shallow(input.state, STATE_DEPTH))
      problems.push(
        userError(
          ErrorCode.BAD_USER_INPUT,
          `A form's kept input may nest at most ${STATE_DEPTH} levels deep.`,
          'state',
        ),
      );
    else if (JSON.stringify(input.state).length > limits.pendingChanges.stateChars)
      problems.push(
        userError(
          ErrorCode.BAD_USER_INPUT,
          `A form's kept input may be at most ${limits.pendingChanges.stateChars} characters long.`,
          'state',
        ),
      );
    if (problems.length) return { pendingChange: null, userErrors: problems };
    const kept = await this.dataSource.transaction(async (m) => {
      // One editor's forms in one case are counted and written one at a time.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`pending:${userId}:${c.id}`]);
      const repo = m.getRepository(PendingChange);
      const existing = await repo.findOneBy({ userId, caseId: c.id, form: input.form });
      if (!existing && (await repo.countBy({ userId, caseId: c.id })) >= limits.pendingChanges.perCase) return null;
      return repo.save({
        userId,
        caseId: c.id,
        form: input.form,
        label: input.label,
        state: input.state,
        updatedAt: new Date(),
      });
    });
    if (!kept)
      return {
        pendingChange: null,
        userErrors: [
          userError(
            ErrorCode.WORKFLOW,
            `You have ${limits.pendingChanges.perCase} forms with unsaved input in this case: save or discard one first.`,
          ),
        ],
      };
    return { pendingChange: kept, userErrors: [] };
  }

  /** Drops what was kept of one form (it was saved, or the editor let it go); true when there was some. */
  async discard(viewer: Viewer, slug: string, form: string): Promise<boolean> {
    const userId = viewerUserId(viewer);
    if (!userId) return false;
    const c = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    if (!c) return false;
    const result = await this.dataSource.getRepository(PendingChange).delete({ userId, caseId: c.id, form });
    return (result.affected ?? 0) > 0;
  }
}
