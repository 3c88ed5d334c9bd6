import { IsOptional, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { limits } from '@casebook/schema';
import { TokenScope, UserRole } from './account.entity.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_RULE = { message: `Give an email address like name@example.org, of up to ${limits.email.max} characters.` };
const TOKEN_NAME_RULE = { message: `Give the token a name of up to ${limits.tokenName.max} characters.` };
const TOKEN_DAYS_RULE = { message: 'A token lasts from 1 to 366 days.' };
/** The one password rule, for new accounts, changed and reset passwords. */
const PASSWORD_RULE = { message: `A password needs at least ${limits.password.min} characters.` };

/** A new account. The password is checked here; the rest of the rules are the service's (a taken email). */
@ArgsType()
export class CreateUserArgs {
  @Field(() => String, { description: "The account's email address." })
  @Matches(EMAIL, EMAIL_RULE)
  @MaxLength(limits.email.max, EMAIL_RULE)
  email: string;

  @Field(() => UserRole, { description: 'The role.' })
  role: UserRole;

  @Field(() => String, { nullable: true, description: 'The password.' })
  @IsOptional()
  @MinLength(limits.password.min, PASSWORD_RULE)
  password?: string | null;

  @Field(() => String, { nullable: true, description: 'A display name (users) or what the token is for (tokens).' })
  @IsOptional()
  @MaxLength(limits.name.max, { message: `A name may have at most ${limits.name.max} characters.` })
  name?: string | null;
}

/** A new API token. */
@ArgsType()
export class CreateApiTokenArgs {
  @Field(() => String, { description: 'A display name (users) or what the token is for (tokens).' })
  @Matches(/\S/, TOKEN_NAME_RULE)
  @MaxLength(limits.tokenName.max, TOKEN_NAME_RULE)
  name: string;

  @Field(() => TokenScope, { description: 'READ, or WRITE to edit drafts as well.' })
  scope: TokenScope;

  @Field(() => Int, { description: 'Days until it stops working (1 to 366).' })
  @Min(1, TOKEN_DAYS_RULE)
  @Max(366, TOKEN_DAYS_RULE)
  expiresInDays: number;
}

/** The signed-in person's new password; the current one is checked by the service. */
@ArgsType()
export class ChangePasswordArgs {
  @Field(() => String, { description: 'The password in use now.' })
  currentPassword: string;

  @Field(() => String, { description: `The new password (at least ${limits.password.min} characters).` })
  @MinLength(limits.password.min, PASSWORD_RULE)
  newPassword: string;
}

/** An admin's reset of someone's password. */
@ArgsType()
export class ResetPasswordArgs {
  @Field(() => ID, { description: 'The account.' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'The new password; without it, one is generated and shown once.',
  })
  @IsOptional()
  @MinLength(limits.password.min, PASSWORD_RULE)
  password?: string | null;
}
