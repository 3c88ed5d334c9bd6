import { Field, ID, InterfaceType } from 'type-graphql';
import { Column, PrimaryGeneratedColumn } from 'typeorm';

/** Encodes a Relay global ID: the type name and the row's UUID. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a row id from a caller is a UUID as the database writes them (anything else names no row). */
export const isUuid = (id: string): boolean => UUID.test(id);

/** Decodes a global ID; undefined when it is not one. */
export function fromGlobalId(globalId: string): { type: string; id: string } | undefined {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(.*)$/.exec(decoded);
  return match && isUuid(match[2]!) ? { type: match[1]!, id: match[2]! } : undefined;
}

/** An object with a global ID. Every row type the API shows extends it. */
@InterfaceType('Node', { description: 'An object with a global ID, which `node(id)` fetches again.' })
export abstract class NodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { name: 'id', description: 'Global ID, stable across requests; pass it to `node(id)`.' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** A claim: a sourced statement that may be uncertain. Citations resolve per type. */
@InterfaceType('Claim', {
  implements: NodeEntity,
  description: 'A statement about a case that cites its sources and may be uncertain.',
})
export abstract class ClaimEntity extends NodeEntity {
  @Column({ type: 'text' })
  @Field(() => String, {
    description: 'Stable key, unique within its case (or within its period for structure parts).',
  })
  key: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'Whether the research record marks this claim as uncertain or inferred.' })
  uncertain: boolean;

  @Column({ name: 'note', type: 'text', nullable: true })
  @Field(() => String, {
    name: 'uncertaintyNote',
    nullable: true,
    description: 'Why the claim is uncertain, and what would settle it.',
  })
  note: string | null;
}

/** Columns of every part of a published case edition. */
export abstract class CasePartEntity extends ClaimEntity {
  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;
}
