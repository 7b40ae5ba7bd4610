import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent after DATA (headers and body). */
  data: string;
}

/**
 * A minimal SMTP server on 127.0.0.1 (EHLO/HELO, optional AUTH PLAIN/LOGIN, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT), enough for nodemailer to deliver to; it keeps what it receives. With
 * `refuseFirst`, it answers the first recipients with a temporary failure, as a busy server does.
 */
export async function startFakeSmtp(
  options: { refuseFirst?: number } = {},
): Promise<{ url: string; received: ReceivedMail[]; refused: number; stop(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const state = { refused: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    let inData = false;
    let authStep = 0;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ESMTP ready');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(mail);
            mail = { from: '', to: [], data: '' };
            reply('250 2.0.0 queued');
          } else {
            mail.data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          }
          continue;
        }
        if (authStep > 0) {
          authStep = authStep === 1 ? 2 : 0;
          reply(authStep === 2 ? '334 UGFzc3dvcmQ6' : '235 2.7.0 accepted');
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO') {
          socket.write('250-fake-smtp\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
        } else if (command === 'HELO' || command === 'RSET' || command === 'NOOP') {
          reply('250 OK');
        } else if (command === 'AUTH') {
          if (/^AUTH LOGIN/i.test(line)) {
            authStep = 1;
            reply('334 VXNlcm5hbWU6');
          } else {
            reply('235 2.7.0 accepted');
          }
        } else if (command === 'MAIL') {
          mail.from = /<(.*)>/.exec(line)?.[1] ?? '';
          reply('250 OK');
        } else if (command === 'RCPT') {
          if (state.refused < (options.refuseFirst ?? 0)) {
            state.refused += 1;
            reply('451 4.3.0 try again later');
            continue;
          }
          mail.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          reply('250 OK');
        } else if (command === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (command === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else {
          reply('502 command not implemented');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://user:secret@127.0.0.1:${port}`,
    received,
    get refused() {
      return state.refused;
    },
    async stop() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
