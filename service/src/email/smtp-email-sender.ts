import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage, EmailSender } from './email-sender';

/** Sends through the SMTP server of `SMTP_URL` (nodemailer, pooled connections). */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;
  readonly destination: string;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    url.searchParams.set('pool', 'true');
    this.transport = nodemailer.createTransport(url.toString());
    // never show credentials in logs
    this.destination = `${url.protocol}//${url.host}`;
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
