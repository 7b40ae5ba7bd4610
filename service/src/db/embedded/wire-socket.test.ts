import { expect } from 'chai';
import net from 'node:net';
import { WIRE_SERVER_OPTIONS, readMessages } from './wire-socket';

/** A message of `length` bytes (at least 16): its length prefix, then `fill`. */
function message(length: number, fill: number): Buffer {
  const bytes = Buffer.alloc(length, fill);
  bytes.writeInt32LE(length, 0);
  return bytes;
}

/** A server reading its one connection with `readMessages`, keeping every message it is handed. */
type Listening = Awaited<ReturnType<typeof listen>>;

async function listen(): Promise<{
  port: number;
  messages: Buffer[];
  reads: number;
  taken: Promise<boolean>;
  invalid: number[];
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}> {
  const state = { messages: [] as Buffer[], reads: 0, invalid: [] as number[] };
  let sockets: net.Socket[] = [];
  let wake = (): void => undefined;
  let resolveTaken: (taken: boolean) => void = () => undefined;
  const taken = new Promise<boolean>((resolve) => (resolveTaken = resolve));
  const server = net.createServer(WIRE_SERVER_OPTIONS, (accepted) => {
    const socket = readMessages(accepted, {
      onMessage: (m) => state.messages.push(m),
      onReadEnd: () => {
        state.reads++;
        wake();
      },
      onInvalidLength: (length) => state.invalid.push(length),
    });
    sockets.push(socket);
    resolveTaken(socket !== accepted);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    get messages() {
      return state.messages;
    },
    get reads() {
      return state.reads;
    },
    get invalid() {
      return state.invalid;
    },
    taken,
    async arrived(count) {
      while (state.messages.length < count && state.invalid.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async close() {
      for (const s of sockets) {
        s.destroy();
      }
      sockets = [];
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Runs `use` against a listening server and one connection to it, both closed after. */
async function withConnection(use: (server: Listening, client: net.Socket) => Promise<void>): Promise<void> {
  const server = await listen();
  const client = await connect(server.port);
  try {
    await use(server, client);
  } finally {
    client.destroy();
    await server.close();
  }
}

describe('embedded mongo wire socket', () => {
  it('reads connections into its own reused buffer on this Node (not through data events)', () =>
    withConnection(async (server) => {
      expect(await server.taken).to.equal(true);
    }));

  it('hands over messages whose bytes later reads do not overwrite', () =>
    withConnection(async (server, client) => {
      client.write(message(40, 1));
      await server.arrived(1);
      client.write(message(40, 2));
      await server.arrived(2);
      expect(server.messages[0]?.equals(message(40, 1)), 'the first message').to.equal(true);
      expect(server.messages[1]?.equals(message(40, 2)), 'the second message').to.equal(true);
    }));

  it('frames messages split over reads, several in one read, and longer than one read', () =>
    withConnection(async (server, client) => {
      const sent = [message(30, 3), message(200_000, 4), message(16, 5), message(50, 6)];
      const bytes = Buffer.concat(sent);
      // The first message a byte at a time, then everything else at once.
      for (let i = 0; i < 30; i++) {
        client.write(bytes.subarray(i, i + 1));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      client.write(bytes.subarray(30));
      await server.arrived(sent.length);
      expect(server.messages.length).to.equal(sent.length);
      server.messages.forEach((m, i) => expect(m.equals(sent[i] as Buffer), `message ${i}`).to.equal(true));
      expect(server.invalid).to.deep.equal([]);
    }));

  it('reports a length no message may have and closes the connection', () =>
    withConnection(async (server, client) => {
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.on('error', () => undefined);
      client.write(Buffer.concat([message(20, 7), message(16, 8).fill(0, 0, 4).fill(9, 0, 1)]));
      await closed;
      expect(server.messages.map((m) => m.length)).to.deep.equal([20]);
      expect(server.invalid).to.deep.equal([9]);
    }));
});
