/**
 * A lean HTTP/1.1 load client, in the spirit of wrk: each connection is a raw keep-alive socket
 * that writes a request prepared in advance and reads just enough of the answer (status line,
 * Content-Length, body) to send the next one. It costs a fraction of Node's `http` client per
 * request, so on a small machine the service under test, not its load, gets the CPU.
 */
import net from 'node:net';

export interface PreparedRequest {
  bytes: Buffer;
}

/** Builds a POST request with a JSON body once, to be written many times. */
export function preparePost(url: URL, body: string, headers: Record<string, string> = {}): PreparedRequest {
  const payload = Buffer.from(body);
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    'Connection: keep-alive',
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]) };
}

const headerEnd = Buffer.from('\r\n\r\n');

/** One keep-alive connection sending one request at a time; `send` answers the status code. */
export class KeepAliveConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve(status: number): void; reject(error: Error): void } | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static open(url: URL): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port || 80), url.hostname);
      socket.once('connect', () => resolve(new KeepAliveConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(request: PreparedRequest): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request.bytes);
    });
  }

  close(): void {
    this.waiting = null;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length > 0 ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = this.buffered.indexOf(headerEnd);
    if (end < 0) {
      return;
    }
    const head = this.buffered.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const total = end + headerEnd.length + length;
    if (this.buffered.length < total) {
      return;
    }
    this.buffered = this.buffered.subarray(total);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(Number(head.slice(9, 12)));
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}

/** Builds a GET request once, to be written many times. */
export function prepareGet(url: URL, headers: Record<string, string> = {}): PreparedRequest {
  const head = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    'Connection: keep-alive',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  return { bytes: Buffer.from(head, 'latin1') };
}
