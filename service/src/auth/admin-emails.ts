import type { UserRole } from '@aurastream/contract';

/** Administrators are named by e-mail in `ADMIN_EMAILS`; they get the role on sign-up and sign-in. */
export class AdminEmails {
  private readonly emails: ReadonlySet<string>;

  constructor(emails: readonly string[]) {
    this.emails = new Set(emails.map((email) => email.trim().toLowerCase()));
  }

  roleFor(email: string): UserRole {
    return this.emails.has(email.trim().toLowerCase()) ? 'admin' : 'user';
  }
}
