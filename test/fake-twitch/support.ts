import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider, StaticAuthProvider } from '@twurple/auth';
import { createHmac } from 'node:crypto';
import type { FakeTwitch } from '@aurastream/fake-twitch';
import { pollUntil } from '../generation/support';

export { pollUntil };

/**
 * twurple reaches a local Twitch only through `TWURPLE_MOCK_API_PORT` (read on every call): aims it
 * at the fake for the file's tests and puts the previous value back after.
 */
export function aimTwurpleAt(twitch: () => FakeTwitch): void {
  let previous: string | undefined;
  before(() => {
    previous = process.env.TWURPLE_MOCK_API_PORT;
    process.env.TWURPLE_MOCK_API_PORT = new URL(twitch().url).port;
  });
  after(() => {
    if (previous === undefined) {
      delete process.env.TWURPLE_MOCK_API_PORT;
    } else {
      process.env.TWURPLE_MOCK_API_PORT = previous;
    }
  });
}

/** A twurple ApiClient acting with a user's token (as the service does with a streamer's). */
export function userApi(
  twitch: FakeTwitch,
  accessToken: string,
  scopes: string[],
  clientId = twitch.clientId,
): ApiClient {
  return new ApiClient({ authProvider: new StaticAuthProvider(clientId, accessToken, scopes) });
}

/** A twurple ApiClient with the app's client-credentials token (EventSub webhooks, the chat bot's badge). */
export function appApi(twitch: FakeTwitch, clientSecret = twitch.clientSecret, clientId = twitch.clientId): ApiClient {
  return new ApiClient({ authProvider: new AppTokenAuthProvider(clientId, clientSecret) });
}

/** One message an EventSub callback received. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: {
    subscription: { id: string; status: string; type: string };
    event?: Record<string, unknown>;
    challenge?: string;
  };
  /** Whether the signature checks out with the secret, per Twitch's documented algorithm. */
  signatureValid: boolean;
}

/**
 * An EventSub webhook callback on loopback: verifies signatures with `secret`, echoes challenges,
 * answers notifications with `status` (change it to make deliveries fail) and records everything.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  status = 204;
  /** What a challenge is answered with; null: the challenge itself. */
  challengeAnswer: string | null = null;
  private server: Server | null = null;
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => String(req.headers[name] ?? '');
        // Twitch's documented algorithm, written out here rather than taken from the fake
        const signed = header('twitch-eventsub-message-id') + header('twitch-eventsub-message-timestamp') + body;
        const expected = `sha256=${createHmac('sha256', this.secret).update(signed).digest('hex')}`;
        const json = JSON.parse(body) as ReceivedWebhook['json'];
        this.received.push({
          headers: req.headers,
          body,
          json,
          signatureValid: header('twitch-eventsub-message-signature') === expected,
        });
        if (header('twitch-eventsub-message-type') === 'webhook_callback_verification') {
          const answer = this.challengeAnswer ?? json.challenge ?? '';
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(answer) });
          res.end(answer);
          return;
        }
        res.writeHead(this.status);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/eventsub`;
    return this;
  }

  ofType(messageType: string): ReceivedWebhook[] {
    return this.received.filter((message) => message.headers['twitch-eventsub-message-type'] === messageType);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
