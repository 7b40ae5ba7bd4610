import { SignJWT } from 'jose';
import type { Logger } from '../../shared/logger';

export interface HelixPubSubClientOptions {
  /** Helix's base URL (`https://api.twitch.tv/helix`, or the fake's). */
  helixBaseUrl: string;
  /** The extension's client id and base64 secret (Twitch's developer console). */
  clientId: string;
  secret: string;
  /** The extension owner's Twitch user id, sent as the JWT's `user_id` when known (as twurple's EBS helper does). */
  ownerId: string;
  fetch?: typeof fetch;
  now?: () => number;
  logger: Logger;
}

/** What Twitch answered a message: sent, or refused for the channel until a moment (429). */
export type PubSubSendResult = { sent: true } | { sent: false; retryAtMs: number };

/** How long a signed JWT lives: long enough for one request, short enough to be useless if leaked. */
const JWT_TTL_SECONDS = 60;

/**
 * Helix "Send Extension PubSub Message" (`POST /helix/extensions/pubsub`) to a channel's broadcast
 * target, authorized by a JWT we sign with the extension secret (`role: external`). A 429 answers
 * when the channel may send again (`Ratelimit-Reset`); other refusals throw (the message is lost,
 * the panels read the truth on their next request).
 */
export class HelixPubSubClient {
  private readonly key: Uint8Array;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly options: HelixPubSubClientOptions) {
    this.key = new Uint8Array(Buffer.from(options.secret, 'base64'));
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
  }

  async broadcast(channelId: string, message: string): Promise<PubSubSendResult> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const token = await new SignJWT({
      ...(this.options.ownerId ? { user_id: this.options.ownerId } : {}),
      role: 'external',
      channel_id: channelId,
      pubsub_perms: { send: ['broadcast'] },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(nowSeconds + JWT_TTL_SECONDS)
      .sign(this.key);
    const response = await this.fetchImpl(`${this.options.helixBaseUrl}/extensions/pubsub`, {
      method: 'POST',
      headers: {
        'client-id': this.options.clientId,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ target: ['broadcast'], broadcaster_id: channelId, is_global_broadcast: false, message }),
    });
    if (response.ok) {
      await response.body?.cancel();
      return { sent: true };
    }
    const body = await response.text().catch(() => '');
    if (response.status === 429) {
      const reset = Number(response.headers.get('ratelimit-reset'));
      const retryAtMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : this.now() + 1000;
      this.options.logger.warn({ channelId, retryAtMs }, 'Twitch refused an Extension PubSub message: rate limit');
      return { sent: false, retryAtMs: Math.max(retryAtMs, this.now() + 100) };
    }
    throw new Error(`Extension PubSub answered HTTP ${response.status}: ${body.slice(0, 200)}`);
  }
}
