import type { Redis } from 'ioredis';
import type { EventSubMessage } from '@aurastream/contract';
import type { TwitchEventSubCaller } from '../auth/principal';
import { redisKeys } from '../db/redis-keys';
import { recordEventSubDelivery } from '../observability/metrics';
import { BadRequestError, ValidationError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { DeliveryWriter } from './delivery-writer';

/**
 * How long a claim lasts until the delivery is stored: a process that dies between claiming and
 * storing frees the id by then, so Twitch's next retry is processed (never lost).
 */
const CLAIM_TTL_SECONDS = 30;

/** What the callback answers: the challenge, or an acknowledgement (new or already received). */
export type EventSubReceipt = { kind: 'challenge'; challenge: string } | { kind: 'accepted' } | { kind: 'duplicate' };

const ACCEPTED: EventSubReceipt = Object.freeze({ kind: 'accepted' });
const DUPLICATE: EventSubReceipt = Object.freeze({ kind: 'duplicate' });

/**
 * Receives a verified EventSub delivery (the signature and window are checked where the request is
 * read: the fast path, or bindRoute), fast:
 * - `webhook_callback_verification`: the challenge, echoed;
 * - a notification or revocation: its message id claimed in Redis (`SET NX`, shared by every
 *   process, so a redelivery, or the same delivery reaching two processes, is acknowledged and not
 *   processed again), the delivery stored in `eventsub_deliveries` (its id is the message id: a
 *   second guard; stores are batched across concurrent deliveries, `DeliveryWriter`), then the
 *   drain is woken, which processes stored deliveries in leased batches. Storing comes before the
 *   2xx, so a crash after it loses nothing; if storing fails, the claim is dropped and Twitch's
 *   retry is processed.
 */
export class EventSubReceiver {
  constructor(
    private readonly deps: {
      redis: Redis;
      writer: Pick<DeliveryWriter, 'store'>;
      /** Tells this process's drain, if it runs one, that a delivery waits (others find it by polling). */
      stored: () => void;
      logger: Logger;
    },
  ) {}

  async receive(caller: TwitchEventSubCaller, message: EventSubMessage): Promise<EventSubReceipt> {
    const { logger } = this.deps;
    const { subscription } = message;
    switch (caller.messageType) {
      case 'webhook_callback_verification': {
        if (!message.challenge) {
          throw ValidationError.forField('challenge', 'A verification message carries a challenge', 'required');
        }
        logger.info(
          { messageId: caller.messageId, subscriptionType: subscription.type, subscriptionId: subscription.id },
          'EventSub callback verified',
        );
        recordEventSubDelivery(subscription.type, 'challenge');
        return { kind: 'challenge', challenge: message.challenge };
      }
      case 'notification':
      case 'revocation':
        break;
      default:
        throw new BadRequestError(
          'eventsub_message_type_unknown',
          `Unknown EventSub message type ${caller.messageType}`,
        );
    }
    if (caller.messageType === 'notification' && !message.event) {
      throw ValidationError.forField('event', 'A notification carries an event', 'required');
    }
    const key = redisKeys.eventSubMessage(caller.messageId);
    const claimed = (await this.deps.redis.set(key, 'claimed', 'EX', CLAIM_TTL_SECONDS, 'NX')) === 'OK';
    if (!claimed) {
      return this.duplicate(
        caller,
        message,
        'EventSub message already received (a redelivery or replay): not processed again',
      );
    }
    let stored: boolean;
    try {
      stored = await this.deps.writer.store(caller.messageId, {
        message_type: caller.messageType,
        subscription_id: subscription.id,
        subscription_type: subscription.type,
        subscription_version: subscription.version,
        subscription_status: subscription.status,
        condition: subscription.condition,
        event: message.event ?? null,
        sent_at: caller.sentAt,
      });
    } catch (error) {
      // not stored: let Twitch's retry in, so the delivery is processed after all
      await this.deps.redis.del(key).catch(() => undefined);
      throw error;
    }
    if (!stored) {
      return this.duplicate(
        caller,
        message,
        'EventSub message already stored (a redelivery or replay): not processed again',
      );
    }
    this.deps.stored();
    return ACCEPTED;
  }

  private duplicate(caller: TwitchEventSubCaller, message: EventSubMessage, why: string): EventSubReceipt {
    const subscriptionType = message.subscription.type;
    this.deps.logger.warn({ messageId: caller.messageId, subscriptionType }, why);
    recordEventSubDelivery(subscriptionType, 'duplicate');
    return DUPLICATE;
  }
}
