import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What a signed-in person may do. Each role includes the ones below it, except as noted. */
export enum UserRole {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  REVIEWER = 'REVIEWER',
  VIEWER = 'VIEWER',
}
registerEnumType(UserRole, {
  name: 'UserRole',
  description: 'What a person may do.',
  valuesConfig: {
    ADMIN: { description: 'Everything, including users and API tokens.' },
    EDITOR: { description: 'Read and write drafts, send them for review.' },
    REVIEWER: { description: 'Read drafts, comment, request changes and publish.' },
    VIEWER: { description: 'Read drafts.' },
  },
});

/** The scope of an API token. */
export enum TokenScope {
  PUBLISHED = 'PUBLISHED',
  READ = 'READ',
  WRITE = 'WRITE',
}
registerEnumType(TokenScope, {
  name: 'TokenScope',
  description: 'What an API token may do.',
  valuesConfig: {
    PUBLISHED: {
      description: 'Read published content only: no drafts, revisions, diffs, review comments or audit log.',
    },
    READ: { description: 'Read published content and drafts.' },
    WRITE: { description: 'Also edit drafts, as an editor.' },
  },
});

@Entity({ name: 'app_user' })
@ObjectType('User', { description: 'A person who signs in.' })
export class AppUser {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Email address, used to sign in.' })
  email: string;

  @Column({ type: 'text', default: '' })
  @Field(() => String, { description: 'Display name.' })
  name: string;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role' })
  @Field(() => UserRole, { description: 'What the person may do.' })
  role: UserRole;

  /** scrypt hash: `scrypt$N$r$p$salt$hash`. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'A disabled account cannot sign in or use its sessions.' })
  disabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the account was made.' })
  createdAt: Date;
}

@Entity({ name: 'user_session' })
@ObjectType('Session', {
  description: 'A signed-in browser of the viewer: one sign-in, until it ends. Its token is never shown.',
})
export class UserSession {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier, to end the session with `endSessions`.' })
  id: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was signed in.' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it ends unless ended before.' })
  expiresAt: Date;
}

@Entity({ name: 'api_token' })
@ObjectType({
  description: 'A token another tool sends as `Authorization: Bearer …`. Its secret is shown once, when made.',
})
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What the token is for.' })
  name: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The first characters of the secret, to recognise it.' })
  prefix: string;

  @Column({ type: 'enum', enum: TokenScope, enumName: 'token_scope' })
  @Field(() => TokenScope, { description: 'Published content only, read, or read and write.' })
  scope: TokenScope;

  /**
   * The admin who made it (null when made from the command line). The token works only while
   * that account is active and an admin: it is checked each time the token is used.
   */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was made.' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it stops working.' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was revoked, if it was.' })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt: Date | null;
}

/** Who made an API token, as the token list shows it. */
@ObjectType({ description: 'The account that made an API token.' })
export class TokenCreator {
  @Field(() => ID, { description: 'The identifier of the account.' })
  id: string;

  @Field(() => String, { description: 'Its display name (its email when it has none).' })
  name: string;

  @Field(() => Boolean, {
    description: 'False when the account is disabled or no longer an admin: then its tokens do not work.',
  })
  active: boolean;
}
