import type { DataSource, EntityManager } from 'typeorm';
import type { PageWindow } from '../pagination.js';
import { AuditEvent } from './audit.entity.js';

/** Who did something, and from where, as the log records it (accounts build it from a viewer). */
export interface AuditActor {
  /** An email, `token:NAME`, `anonymous` or `cli`. */
  label: string;
  userId: string | null;
  tokenId: string | null;
  address: string | null;
}

/** Writes the audit log: sign-ins, refusals, edits, reviews, publications, token use. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actor: AuditActor,
    action: string,
    outcome: 'ok' | 'refused' | 'failed',
    target?: string | null,
    detail?: string | null,
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource.manager).insert(AuditEvent, {
      action,
      outcome,
      actorUserId: actor.userId,
      actorTokenId: actor.tokenId,
      actorLabel: actor.label,
      target: target ?? null,
      detail: detail ?? null,
      address: actor.address,
    });
  }

  /** One page of the log, newest first, optionally only one action, outcome or actor; and the total. */
  list(
    filter: { action?: string; outcome?: string; actor?: string },
    window: PageWindow,
  ): Promise<[AuditEvent[], number]> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('a');
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.outcome) query.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    if (filter.actor) query.andWhere('a.actor_label = :actor', { actor: filter.actor });
    return query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset(window.offset)
      .limit(window.limit)
      .getManyAndCount();
  }
}
