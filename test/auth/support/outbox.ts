import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestService } from '@aurastream/service/testing';

export interface OutboxMessage {
  file: string;
  to: string;
  subject: string;
  text: string;
  /** Every http(s) link in the body. */
  links: string[];
}

function parseEml(file: string, raw: string): OutboxMessage {
  const [head = '', ...body] = raw.split('\r\n\r\n');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
  const text = body.join('\r\n\r\n');
  return { file, to: header('To'), subject: header('Subject'), text, links: text.match(/https?:\/\/\S+/g) ?? [] };
}

/** Every message in the service's outbox (`$DATA_DIR/outbox`), oldest first. */
export async function readOutbox(app: TestService): Promise<OutboxMessage[]> {
  const dir = app.service.config.email.outboxDir;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return Promise.all(files.map(async (name) => parseEml(name, await readFile(path.join(dir, name), 'utf8'))));
}

/**
 * Waits for the `count`-th message to an address whose subject matches (mail is sent in the
 * background, after the answer).
 */
export async function waitForEmail(
  app: TestService,
  to: string,
  subject: RegExp,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<OutboxMessage> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const matching = (await readOutbox(app)).filter((message) => message.to === to && subject.test(message.subject));
    const found = matching[count - 1];
    if (found) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`no e-mail #${count} to ${to} matching ${subject} arrived`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The token of a link's last path segment or `token` query parameter. */
export function tokenOf(link: string): string {
  const url = new URL(link);
  return url.searchParams.get('token') ?? decodeURIComponent(url.pathname.split('/').pop() ?? '');
}
