import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CasePartEntity, ClaimEntity, NodeEntity } from '../../common/node.js';
import { PartialDate, partialDate } from '../partial-date.js';

/** A dated event in a case's reform history. */
@Entity({ name: 'timeline_event' })
@Index('idx_timeline_event_edition', ['editionId', 'key'], { unique: true })
@ObjectType({ implements: [NodeEntity, ClaimEntity], description: "A dated event in a case's reform history." })
export class TimelineEvent extends CasePartEntity {
  @Column({ name: 'date', type: 'text' })
  dateText: string;

  /** The earliest day the date can mean; events sort by it, coarser precision first. */
  @Column({ name: 'date_start', type: 'date' })
  dateStart: string;

  @Column({ name: 'date_rank', type: 'smallint' })
  dateRank: number;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What happened.' })
  title: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'More about the event.' })
  description: string | null;

  @Field(() => PartialDate, { description: 'When it happened, with the precision the sources give.' })
  get date(): PartialDate {
    return partialDate(this.dateText)!;
  }
}
