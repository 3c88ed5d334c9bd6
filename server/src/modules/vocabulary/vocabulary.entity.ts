import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A service area, e.g. children's social work or education. A vocabulary kept in its table. */
@Entity({ name: 'service_area' })
@ObjectType({ description: "A service area, such as children's social work, health or education." })
export class ServiceArea {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  @Field(() => String, { description: 'Stable key, e.g. `childrens-social-work`.' })
  key: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Display name.' })
  name: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What the area covers.' })
  description: string;

  @Column({ type: 'integer' })
  position: number;
}

/** A lesson theme, e.g. leadership or finance. */
@Entity({ name: 'lesson_theme' })
@ObjectType({ description: 'A theme that reform lessons are grouped by, such as leadership or finance.' })
export class LessonTheme {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  @Field(() => String, { description: 'Stable key, e.g. `leadership`.' })
  key: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Display name.' })
  name: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What lessons under this theme are about.' })
  description: string;

  @Column({ type: 'integer' })
  position: number;
}
