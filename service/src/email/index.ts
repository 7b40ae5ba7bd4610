import type { Config } from '../config';
import type { EmailSender } from './email-sender';
import { OutboxEmailSender } from './outbox-email-sender';
import { SmtpEmailSender } from './smtp-email-sender';

export type { EmailMessage, EmailSender } from './email-sender';

/** SMTP when `SMTP_URL` is set; otherwise the local outbox folder. */
export function createEmailSender(config: Config['email']): EmailSender {
  return config.smtpUrl
    ? new SmtpEmailSender(config.smtpUrl, config.from)
    : new OutboxEmailSender(config.outboxDir, config.from);
}
