import { IsOptional, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';
import { limits } from '@casebook/schema';
import { TokenScope, UserRole } from './account.entity.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_RULE = { message: `Give an email address like name@example.org, of up to ${limits.email.max} characters.` };
const TOKEN_NAME_RULE = { message: `Give the token a name of up to ${limits.tokenName.max} characters.` };
const TOKEN_DAYS_RULE = { message: 'A token lasts from 1 to 366 days.' };

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
  @MinLength(limits.password.min, { message: `A password needs at least ${limits.password.min} characters.` })
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
