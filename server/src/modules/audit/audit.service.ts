import type { DataSource, EntityManager } from 'typeorm';
import { viewerLabel, type Viewer } from '../account/access.js';
import { AuditEvent } from './audit.entity.js';

/** Who did something, and from where. */
export interface Actor {
  viewer: Viewer;
  address?: string | null;
}

/** Writes the audit log: sign-ins, refusals, edits, reviews, publications, token use. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(actor: Actor, action: string, outcome: 'ok' | 'refused' | 'failed', target?: string | null, detail?: string | null, manager?: EntityManager): Promise<void> {
    const v = actor.viewer;
    await (manager ?? this.dataSource.manager).insert(AuditEvent, {
      action,
      outcome,
      actorUserId: v.kind === 'user' ? v.user.id : null,
      actorTokenId: v.kind === 'token' ? v.token.id : null,
      actorLabel: viewerLabel(v),
      target: target ?? null,
      detail: detail ?? null,
      address: actor.address ?? null,
    });
  }
}
