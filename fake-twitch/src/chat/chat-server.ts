import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData } from 'ws';
import type { TokenStore } from '../oauth/tokens';
import type { FakeClock } from '../world/clock';
import type { FakeWorld } from '../world/world';
import { ChatConnection } from './chat-connection';
import type { ChatRooms } from './chat-rooms';

/** What `connections()` shows of an IRC client. */
export interface FakeChatConnectionInfo {
  /** The account's login, or `justinfanNNN` for a guest. */
  login: string;
  channels: string[];
  capabilities: string[];
  /** JOINs beyond Twitch's 20 per 10 s that the fake dropped. */
  droppedJoins: number;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)).toString('utf8') : data.toString('utf8');
}

/** `drop`: the socket just closes (a network failure); `reconnect`: Twitch's RECONNECT first (maintenance). */
export type DisconnectMode = 'drop' | 'reconnect';

/**
 * Twitch chat over IRC-over-WebSocket (`wss://irc-ws.chat.twitch.tv`), on the fake's own port: the
 * HTTP server hands it WebSocket upgrades. Messages reach joined connections from any transport.
 */
export class ChatServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<ChatConnection>();
  private readonly joinTimes = new Map<string, number[]>();
  private readonly unsubscribe: () => void;
  private pinger: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: { world: FakeWorld; tokens: TokenStore; rooms: ChatRooms; clock: FakeClock },
    pingIntervalMs: number,
  ) {
    this.unsubscribe = deps.rooms.onMessage((message, origin) => {
      for (const connection of this.connections) {
        if (connection !== origin) {
          connection.deliver(message);
        }
      }
    });
    if (pingIntervalMs > 0) {
      this.pinger = setInterval(() => this.ping(), pingIntervalMs);
      this.pinger.unref();
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new ChatConnection(ws, {
        ...this.deps,
        joinTimes: (account) => {
          const times = this.joinTimes.get(account) ?? [];
          this.joinTimes.set(account, times);
          return times;
        },
        announce: (command, channelName, from) => {
          for (const other of this.connections) {
            if (other !== from) {
              other.membership(command, channelName, from.login);
            }
          }
        },
      });
      this.connections.add(connection);
      ws.on('message', (data) => connection.receive(textOf(data)));
      ws.on('close', () => {
        this.connections.delete(connection);
        for (const channel of connection.channels) {
          for (const other of this.connections) {
            other.membership('PART', channel, connection.login);
          }
        }
      });
      ws.on('error', () => ws.terminate());
    });
  }

  /** Twitch pings every few minutes; a client that stops answering is dropped there. */
  private ping(): void {
    for (const connection of this.connections) {
      connection.send({ command: 'PING', trailing: 'tmi.twitch.tv' });
    }
  }

  list(): FakeChatConnectionInfo[] {
    return [...this.connections]
      .filter((connection) => connection.registered)
      .map((connection) => ({
        login: connection.login,
        channels: [...connection.channels],
        capabilities: [...connection.capabilities],
        droppedJoins: connection.droppedJoins,
      }));
  }

  /** Ends the connections of `login` (all when omitted); returns how many. */
  disconnect(login: string | undefined, mode: DisconnectMode): number {
    const affected = [...this.connections].filter((connection) => !login || connection.login === login.toLowerCase());
    for (const connection of affected) {
      if (mode === 'reconnect') {
        connection.send({ prefix: 'tmi.twitch.tv', command: 'RECONNECT' });
        connection.socket.close(1000);
      } else {
        connection.socket.terminate();
      }
    }
    return affected.length;
  }

  close(): void {
    this.unsubscribe();
    if (this.pinger) {
      clearInterval(this.pinger);
    }
    for (const connection of this.connections) {
      connection.socket.terminate();
    }
    this.connections.clear();
    this.wss.close();
  }
}
