import { toEntity } from '../db/model';
import type { EventSubDeliveryFields, EventSubDeliveryModel, EventSubDeliveryStatus } from './eventsub-delivery.model';

export interface EventSubDelivery extends EventSubDeliveryFields {
  /** Twitch's message id. */
  id: string;
}

export type NewEventSubDelivery = Omit<
  EventSubDeliveryFields,
  'status' | 'attempts' | 'outcome' | 'processed_at' | 'created_at' | 'updated_at'
>;

function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * `eventsub_deliveries`. Deliveries are Twitch's, not a user's: they are found by message id, and
 * the methods say so (`…ForTwitch`); what a delivery means for a user is the handlers' business.
 */
export class EventSubDeliveryRepository {
  constructor(private readonly model: EventSubDeliveryModel) {}

  /** Stores a delivery; false when its message id was stored before (a redelivery). */
  async insertForTwitch(messageId: string, delivery: NewEventSubDelivery): Promise<boolean> {
    try {
      await this.model.create({ _id: messageId, ...delivery });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        return false;
      }
      throw error;
    }
  }

  async findForTwitch(messageId: string): Promise<EventSubDelivery | null> {
    const document = await this.model.findById(messageId).lean();
    return document ? toEntity(document) : null;
  }

  /** Counts an attempt at a pending delivery; null when it is no longer pending (done already). */
  async startAttemptForTwitch(messageId: string): Promise<EventSubDelivery | null> {
    const document = await this.model
      .findOneAndUpdate({ _id: messageId, status: 'pending' }, { $inc: { attempts: 1 } }, { returnDocument: 'after' })
      .lean();
    return document ? toEntity(document) : null;
  }

  /** Settles a pending delivery, once: false when another attempt settled it first. */
  async settleForTwitch(
    messageId: string,
    status: Exclude<EventSubDeliveryStatus, 'pending'>,
    outcome: string | null,
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: messageId, status: 'pending' },
      { $set: { status, outcome, processed_at: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  async recordFailureForTwitch(messageId: string, outcome: string): Promise<void> {
    await this.model.updateOne({ _id: messageId, status: 'pending' }, { $set: { outcome } });
  }

  /** Pending deliveries stored before `before` (their job may never have been queued). */
  async listPendingForTwitch(before: Date, limit: number): Promise<string[]> {
    const documents = await this.model
      .find({ status: 'pending', created_at: { $lt: before } }, { _id: 1 })
      .sort({ created_at: 1 })
      .limit(limit)
      .lean();
    return documents.map((document) => document._id);
  }
}
