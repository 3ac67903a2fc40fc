import { Email } from '../domain/email.vo';

/** The addresses the operator named in `ADMIN_EMAILS`: they register, or are promoted at log-in, as admins. */
export class AdminEmails {
  private readonly emails: ReadonlySet<string>;

  constructor(emails: readonly string[]) {
    this.emails = new Set(emails.map((email) => email.trim().toLowerCase()));
  }

  includes(email: Email): boolean {
    return this.emails.has(email.value);
  }
}
