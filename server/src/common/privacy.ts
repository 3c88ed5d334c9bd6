/**
 * Whether one request's answer holds anything not everyone may read: a draft, a revision, the
 * viewer, or whatever sits behind a permission check. The resolvers, checks and services that read
 * such things mark it as they run (`markPrivate`), so the mark follows what the execution actually
 * read, however the operation was written; the shared response cache never stores a marked answer.
 */
export class AnswerPrivacy {
  private readonly marks = new Set<string>();

  /** Records that the answer read something private, and what (for logs and tests). */
  markPrivate(reason: string): void {
    this.marks.add(reason);
  }

  /** True once anything private was read for this answer. */
  get isPrivate(): boolean {
    return this.marks.size > 0;
  }

  /** What was read that made the answer private, in the order first marked. */
  get reasons(): string[] {
    return [...this.marks];
  }
}
