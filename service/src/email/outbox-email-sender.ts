import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EmailMessage, EmailSender } from './email-sender';
import { formatRfc822 } from './rfc822';

/** A file-name-safe slug of a subject: `verify-your-aurastream-e-mail-address`. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'message'
  );
}

/**
 * Without SMTP, mail lands in `$DATA_DIR/outbox` as one `.eml` file per message, named so they sort
 * by time: a person running AuraStream locally opens the newest one and follows its link.
 */
export class OutboxEmailSender implements EmailSender {
  constructor(
    private readonly outboxDir: string,
    private readonly from: string,
  ) {}

  get destination(): string {
    return this.outboxDir;
  }

  async send(message: EmailMessage): Promise<void> {
    await mkdir(this.outboxDir, { recursive: true });
    const now = new Date();
    const name = `${now.toISOString().replace(/[:.]/g, '-')}-${slug(message.subject)}-${randomBytes(3).toString('hex')}.eml`;
    const target = path.join(this.outboxDir, name);
    // written aside and renamed, so a reader never sees half a message
    const partial = `${target}.partial`;
    await writeFile(partial, formatRfc822(message, this.from, now), { encoding: 'utf8', mode: 0o600 });
    await rename(partial, target);
  }

  async close(): Promise<void> {}
}
