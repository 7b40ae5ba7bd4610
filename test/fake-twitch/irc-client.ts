import WebSocket from 'ws';
import { pollUntil } from './support';

/** A bare IRC-over-WebSocket client, to see exactly what the fake's chat server says. */
export class RawIrcClient {
  readonly lines: string[] = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.lines.push(
        ...String(data as Buffer)
          .split('\r\n')
          .filter(Boolean),
      );
    });
  }

  static async connect(url: string): Promise<RawIrcClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawIrcClient(socket);
  }

  /** Requests the capabilities and signs in, like twurple (CAP REQ, PASS, NICK). */
  static async signIn(url: string, login: string, token: string): Promise<RawIrcClient> {
    const client = await RawIrcClient.connect(url);
    client.send('CAP REQ :twitch.tv/tags twitch.tv/commands twitch.tv/membership');
    client.send(`PASS oauth:${token}`);
    client.send(`NICK ${login}`);
    await client.waitFor((line) => / 376 /.test(line));
    return client;
  }

  send(line: string): void {
    this.socket.send(`${line}\r\n`);
  }

  private pings = 0;

  /** Waits until the server has handled everything sent so far (it answers in order: PING → PONG). */
  async settle(): Promise<void> {
    this.pings += 1;
    const token = `settle-${this.pings}`;
    this.send(`PING :${token}`);
    await this.waitFor((line) => line.endsWith(`PONG tmi.twitch.tv :${token}`), 'the PONG');
  }

  async waitFor(match: (line: string) => boolean, what = 'a line'): Promise<string> {
    const found = await pollUntil(async () => this.lines.find(match), Boolean, { timeoutMs: 5000, what });
    return found!;
  }

  get closed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  close(): void {
    this.socket.close();
  }
}
