import { messageForCode } from '@/apollo/errors';
import { limits } from '@casebook/schema';

/** A user error as the admin mutations return it. */
export interface FieldProblem {
  field?: string | null;
  code: string;
}

/**
 * Words for a problem with one field of an admin form, keyed by field and code: the client never
 * parses the server's message text, and a generic "not valid" would not say what to fix.
 */
const FIELD_MESSAGES: Record<string, Record<string, string>> = {
  email: {
    BAD_USER_INPUT: 'Give an email address like name@example.org.',
    CONFLICT: 'There is already an account with this email.',
  },
  password: { BAD_USER_INPUT: `A password needs at least ${limits.password.min} characters.` },
  name: { BAD_USER_INPUT: `Give a name of up to ${limits.tokenName.max} characters.` },
  expiresInDays: { BAD_USER_INPUT: 'A token lasts from 1 to 366 days.' },
  id: {
    BAD_USER_INPUT: 'You cannot disable your own account or remove your own admin role.',
    NOT_FOUND: 'There is no such account.',
  },
};

/** A sentence for one user error. */
export function problemMessage(problem: FieldProblem): string {
  return (problem.field && FIELD_MESSAGES[problem.field]?.[problem.code]) || messageForCode(problem.code);
}

/** The user errors by field (`''` for those tied to no field or to a field the form does not show). */
export function problemsByField(problems: readonly FieldProblem[], fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const key = p.field && fields.includes(p.field) ? p.field : '';
    out[key] = out[key] ? `${out[key]} ${problemMessage(p)}` : problemMessage(p);
  }
  return out;
}

/** A date and time in words, e.g. "25 November 2026, 19:42". */
export function dateTime(iso: string | null | undefined): string {
  return iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';
}
