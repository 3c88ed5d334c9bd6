import type { DataSource, EntityManager } from 'typeorm';
import { limits } from '@casebook/schema';
import { ErrorCode, type UserError } from '../../common/errors.js';
import { rolesThatCan, viewerLabel, viewerUserId, type Viewer } from '../account/access.js';
import { Notification, NotificationKind, type NotificationItem, type NotificationList } from './notification.entity.js';

/** Who is told of something in a case: its draft's people, those who review, or those who wrote in a thread. */
export type Audience =
  | { kind: 'reviewers' }
  | { kind: 'participants' }
  | { kind: 'thread'; rootId: string }
  | { kind: 'participantsAndThread'; rootId: string };

export interface NotificationEvent {
  caseId: string;
  kind: NotificationKind;
  excerpt?: string | null;
  commentId?: string | null;
  edition?: number | null;
}

/** The start of a comment, for a notification: whole words up to the limit. */
export function excerptOf(text: string | null | undefined): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  const max = limits.notifications.excerpt;
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/**
 * The people who work on a case's draft: those who saved it since it was last published, and
 * those who commented on it. The SQL is one statement, run in the caller's transaction.
 */
const participants = (caseId: string) => `
  SELECT r.author_id AS id FROM revision r
   WHERE r.case_id = ${caseId} AND r.author_id IS NOT NULL
     AND r.created_at > coalesce((SELECT max(p.published_at) FROM publication p WHERE p.case_id = ${caseId}), '-infinity')
  UNION
  SELECT c.author_id FROM review_comment c WHERE c.case_id = ${caseId} AND c.edition IS NULL AND c.author_id IS NOT NULL`;
const thread = (rootId: string) =>
  `SELECT author_id AS id FROM review_comment WHERE (id = ${rootId} OR parent_id = ${rootId}) AND author_id IS NOT NULL`;

/**
 * In-app notifications: written in the transaction of what they tell of (a request, a comment, a
 * publication), read and marked read by their recipient alone. A person keeps the latest
 * `limits.notifications.perUser`.
 */
export class NotificationService {
  constructor(private readonly dataSource: DataSource) {}

  /** Tells the audience of an event, never the one who did it, nor a disabled account. */
  async notify(m: EntityManager, actor: Viewer, audience: Audience, event: NotificationEvent): Promise<void> {
    await this.tell(m, actor, await this.recipients(m, actor, audience, event.caseId), event);
  }

  /** The people an audience is in a case, now (before a publication closes the draft they worked on). */
  async recipients(m: EntityManager, actor: Viewer, audience: Audience, caseId: string): Promise<string[]> {
    const params: unknown[] = [];
    /** A parameter's placeholder, the value added to the statement's parameters. */
    const param = (value: unknown, type: string) => {
      params.push(value);
      return `$${params.length}::${type}`;
    };
    const sources: string[] = [];
    if (audience.kind === 'reviewers')
      sources.push(`SELECT id FROM app_user WHERE role::text = ANY(${param(rolesThatCan('review'), 'text[]')})`);
    if (audience.kind === 'participants' || audience.kind === 'participantsAndThread')
      sources.push(participants(param(caseId, 'uuid')));
    if (audience.kind === 'thread' || audience.kind === 'participantsAndThread')
      sources.push(thread(param(audience.rootId, 'uuid')));
    const me = param(viewerUserId(actor), 'uuid');
    const rows: { id: string }[] = await m.query(
      `SELECT u.id FROM app_user u
        WHERE u.id IN (${sources.join(' UNION ')}) AND NOT u.disabled AND (${me} IS NULL OR u.id <> ${me})`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** Tells each recipient of an event, in the caller's transaction. */
  async tell(m: EntityManager, actor: Viewer, recipients: readonly string[], event: NotificationEvent): Promise<void> {
    if (!recipients.length) return;
    await m.insert(
      Notification,
      recipients.map((recipientId) => ({
        recipientId,
        caseId: event.caseId,
        kind: event.kind,
        actorLabel: viewerLabel(actor),
        excerpt: excerptOf(event.excerpt),
        commentId: event.commentId ?? null,
        edition: event.edition ?? null,
      })),
    );
    // Each recipient keeps the latest ones only.
    await m.query(
      `DELETE FROM notification n USING (
         SELECT id, row_number() OVER (PARTITION BY recipient_id ORDER BY created_at DESC, id) AS place
           FROM notification WHERE recipient_id = ANY($1::uuid[])
       ) ranked
       WHERE n.id = ranked.id AND ranked.place > $2`,
      [recipients, limits.notifications.perUser],
    );
  }

  /** The viewer's notifications, the latest first; none for a token or the CLI. */
  async forViewer(viewer: Viewer): Promise<NotificationList> {
    const me = viewerUserId(viewer);
    if (!me) return { unread: 0, items: [] };
    const [rows, unread] = await Promise.all([
      this.dataSource.query(
        `SELECT n.id, n.kind, c.slug, c.name AS "caseName", n.actor_label AS "actorLabel", n.excerpt,
                n.comment_id AS "commentId", n.edition, n.created_at AS "createdAt", n.read_at IS NOT NULL AS read
           FROM notification n JOIN case_study c ON c.id = n.case_id
          WHERE n.recipient_id = $1
          ORDER BY n.created_at DESC, n.id
          LIMIT $2`,
        [me, limits.notifications.shown],
      ) as Promise<NotificationItem[]>,
      this.unread(me),
    ]);
    return { unread, items: rows };
  }

  private async unread(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1 AND read_at IS NULL`,
      [userId],
    )) as { n: number }[];
    return row!.n;
  }

  /** Marks the viewer's notifications read: those named, or all of them. */
  async markRead(
    viewer: Viewer,
    ids: readonly string[] | null | undefined,
    all: boolean,
  ): Promise<{ unread: number; userErrors: UserError[] }> {
    const me = viewerUserId(viewer);
    if (!me)
      return {
        unread: 0,
        userErrors: [
          { field: null, code: ErrorCode.FORBIDDEN, message: 'Notifications are for a person signed in, not a token.' },
        ],
      };
    if (!all && !ids?.length)
      return {
        unread: await this.unread(me),
        userErrors: [
          { field: 'ids', code: ErrorCode.BAD_USER_INPUT, message: 'Name the notifications to mark read, or all.' },
        ],
      };
    // Another person's notification is never touched: the recipient is part of the condition.
    await this.dataSource.query(
      `UPDATE notification SET read_at = now()
        WHERE recipient_id = $1 AND read_at IS NULL AND ($2::boolean OR id = ANY($3::uuid[]))`,
      [me, all, all ? [] : ids],
    );
    return { unread: await this.unread(me), userErrors: [] };
  }
}
