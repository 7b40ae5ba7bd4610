import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { EVENTSUB_TIMESTAMP_WINDOW_SECONDS, twitchEventSubHeaders } from '@aurastream/contract';
import { eventSubErrors } from './caller-errors';
import type { TwitchEventSubCaller } from './principal';

/** The headers of a delivery, as Node gives them (lower-case names). */
export type DeliveryHeaders = Record<string, string | string[] | undefined>;

function header(headers: DeliveryHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

const SIGNATURE_PREFIX = 'sha256=';
/** `sha256=` and 64 hex digits. */
const SIGNATURE_LENGTH = SIGNATURE_PREFIX.length + 64;

/** The digest a signature header presents, or null when it is not `sha256=` and 64 hex digits. */
function presentedDigest(signature: string): Buffer | null {
  if (
    signature.length !== SIGNATURE_LENGTH ||
    signature.slice(0, SIGNATURE_PREFIX.length).toLowerCase() !== SIGNATURE_PREFIX
  ) {
    return null;
  }
  // hex decoding stops at the first character that is not a hex digit: short then
  const digest = Buffer.from(signature.slice(SIGNATURE_PREFIX.length), 'hex');
  return digest.length === 32 ? digest : null;
}

/**
 * Twitch's EventSub webhook signatures: `Twitch-Eventsub-Message-Signature` is `sha256=` and the hex
 * HMAC-SHA256, keyed with the subscription's secret, of the message id, the timestamp and the raw
 * body, in that order. The body must be the bytes as received (parsed and re-serialised JSON would
 * not match), and a timestamp outside the window is refused so an old delivery cannot be replayed.
 * Deduplicating message ids is the receiving endpoint's business: Twitch redelivers.
 */
export class EventSubSignatureVerifier {
  private readonly windowMs = EVENTSUB_TIMESTAMP_WINDOW_SECONDS * 1000;
  /** The secret as a key, made once rather than for every delivery. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  verify(headers: DeliveryHeaders, rawBody: Buffer, now = Date.now()): TwitchEventSubCaller {
    const messageId = header(headers, twitchEventSubHeaders.messageId);
    const timestamp = header(headers, twitchEventSubHeaders.timestamp);
    const signature = header(headers, twitchEventSubHeaders.signature);
    const messageType = header(headers, twitchEventSubHeaders.messageType);
    if (!messageId || !timestamp || !signature || !messageType) {
      throw eventSubErrors.missing();
    }
    const presented = presentedDigest(signature);
    if (!presented || !timingSafeEqual(presented, this.expectedDigest(messageId, timestamp, rawBody))) {
      throw eventSubErrors.invalid();
    }
    // checked after the signature, so only Twitch learns that its clock is off
    const sentAt = new Date(timestamp);
    if (Number.isNaN(sentAt.getTime()) || Math.abs(now - sentAt.getTime()) > this.windowMs) {
      throw eventSubErrors.stale();
    }
    return {
      kind: 'twitch',
      messageId,
      messageType,
      sentAt,
      subscriptionType: header(headers, twitchEventSubHeaders.subscriptionType),
      subscriptionVersion: header(headers, twitchEventSubHeaders.subscriptionVersion),
    };
  }

  private expectedDigest(messageId: string, timestamp: string, rawBody: Buffer): Buffer {
    return createHmac('sha256', this.key).update(messageId).update(timestamp).update(rawBody).digest();
  }
}
