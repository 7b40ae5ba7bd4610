import { errors, jwtVerify } from 'jose';
import { bearerToken, HelixError, type FakeRequest, type FakeResponse } from '../http/http';
import type { FakeTwitchExtension } from '../oauth/apps';
import { appendBounded } from '../world/bounded-log';
import type { FakeClock } from '../world/clock';

/** One Extension PubSub message the extension's backend sent through Helix. */
export interface FakePubSubMessage {
  broadcaster_id: string;
  target: string[];
  is_global_broadcast: boolean;
  message: string;
  sent_at: string;
}

/** Twitch's limits: 5 KB per message, 100 messages a minute per extension and channel. */
export const PUBSUB_MAX_BYTES = 5 * 1024;
export const PUBSUB_PER_MINUTE = 100;
const MINUTE_MS = 60_000;

interface ExternalJwt {
  role?: unknown;
  channel_id?: unknown;
  pubsub_perms?: { send?: unknown };
}

/**
 * `POST /helix/extensions/pubsub` ("Send Extension PubSub Message"): authorized by an extension JWT
 * (HS256, the extension's base64 secret, `role: external`, `channel_id`, `pubsub_perms.send`), not an
 * OAuth token. Accepted messages are recorded for tests to read.
 */
export class ExtensionPubSub {
  readonly messages: FakePubSubMessage[] = [];
  private readonly sentTimes = new Map<string, number[]>();

  constructor(
    private readonly extension: FakeTwitchExtension,
    private readonly clock: FakeClock,
  ) {}

  async send(req: FakeRequest): Promise<FakeResponse> {
    const claims = await this.verify(req);
    const body = req.json as Record<string, unknown> | undefined;
    if (req.jsonInvalid || !body || typeof body !== 'object') {
      throw new HelixError(400, 'The request body must be a JSON object');
    }
    const { target, message } = body;
    const global = body.is_global_broadcast === true;
    const broadcasterId = typeof body.broadcaster_id === 'string' ? body.broadcaster_id : '';
    if (!Array.isArray(target) || target.length === 0 || !target.every((item) => typeof item === 'string')) {
      throw new HelixError(400, 'The target field is required and must list broadcast, global or whisper-<user id>');
    }
    const targets = target;
    if (!targets.every((item) => ['broadcast', 'global'].includes(item) || /^whisper-\w+$/.test(item))) {
      throw new HelixError(400, 'The target field may contain only broadcast, global or whisper-<user id>');
    }
    if (!global && !broadcasterId) {
      throw new HelixError(400, 'The broadcaster_id field is required unless is_global_broadcast is true');
    }
    if (typeof message !== 'string' || message === '') {
      throw new HelixError(400, 'The message field is required and must be a string');
    }
    const channel = global ? 'all' : broadcasterId;
    if (claims.channel_id !== channel) {
      throw new HelixError(401, "The JWT's channel_id must match the broadcaster_id in the body");
    }
    const allowed = Array.isArray(claims.pubsub_perms?.send) ? (claims.pubsub_perms.send as unknown[]) : [];
    if (!allowed.includes('*') && !targets.every((item) => allowed.includes(item))) {
      throw new HelixError(401, "The JWT's pubsub_perms.send does not allow the targets");
    }
    if (Buffer.byteLength(message, 'utf8') > PUBSUB_MAX_BYTES) {
      throw new HelixError(422, "The message field in the request's body exceeds 5 KB");
    }
    const limit = this.take(channel);
    if (!limit.allowed) {
      return {
        status: 429,
        headers: limit.headers,
        json: {
          error: 'Too Many Requests',
          status: 429,
          message: 'Extension PubSub allows 100 messages per minute per channel',
        },
      };
    }
    appendBounded(this.messages, {
      broadcaster_id: broadcasterId,
      target: targets,
      is_global_broadcast: global,
      message,
      sent_at: new Date(this.clock.now()).toISOString(),
    });
    return { status: 204, headers: limit.headers };
  }

  private async verify(req: FakeRequest): Promise<ExternalJwt> {
    if (req.headers['client-id'] !== this.extension.clientId) {
      throw new HelixError(401, "The Client-Id header must be the extension's client ID");
    }
    const jwt = bearerToken(req, ['bearer']);
    if (!jwt) {
      throw new HelixError(401, 'The Authorization header is required and must specify a JWT');
    }
    try {
      const { payload } = await jwtVerify(jwt, Buffer.from(this.extension.secret, 'base64'), {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        currentDate: new Date(this.clock.now()),
      });
      const claims = payload as ExternalJwt & typeof payload;
      if (claims.role !== 'external') {
        throw new HelixError(401, 'The JWT role must be external');
      }
      return claims;
    } catch (error) {
      if (error instanceof HelixError) {
        throw error;
      }
      const reason = error instanceof errors.JWTExpired ? 'has expired' : 'is not valid';
      throw new HelixError(401, `The JWT ${reason}`);
    }
  }

  /** A sliding minute per channel, reported in Twitch's Ratelimit headers. */
  private take(channel: string): { allowed: boolean; headers: Record<string, string> } {
    const now = this.clock.now();
    const times = (this.sentTimes.get(channel) ?? []).filter((at) => at > now - MINUTE_MS);
    const allowed = times.length < PUBSUB_PER_MINUTE;
    if (allowed) {
      times.push(now);
    }
    this.sentTimes.set(channel, times);
    const oldest = times[0] ?? now;
    return {
      allowed,
      headers: {
        'ratelimit-limit': String(PUBSUB_PER_MINUTE),
        'ratelimit-remaining': String(Math.max(0, PUBSUB_PER_MINUTE - times.length)),
        'ratelimit-reset': String(Math.ceil((oldest + MINUTE_MS) / 1000)),
      },
    };
  }
}
