/** One e-mail: plain text, so it reads the same in every client and in the local outbox. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Delivers e-mail: over SMTP when configured, otherwise into the local outbox folder. */
export interface EmailSender {
  /** Where mail goes, for logs and the start-up banner (`smtp://host` or the outbox folder). */
  readonly destination: string;
  send(message: EmailMessage): Promise<void>;
  close(): Promise<void>;
}
