import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

export type EventSubDeliveryStatus = 'pending' | 'processed' | 'ignored' | 'failed';

/**
 * `eventsub_deliveries`: every EventSub notification and revocation Twitch delivered, stored before
 * the delivery is answered so a crash after the 2xx loses nothing; the drain (`eventsub-drain.ts`)
 * processes pending ones in leased batches. `_id` is Twitch's message id (a redelivery carries the
 * same one, so it cannot be stored twice).
 */
export interface EventSubDeliveryFields {
  message_type: 'notification' | 'revocation';
  subscription_id: string;
  subscription_type: string;
  subscription_version: string;
  /** A revocation's reason (`authorization_revoked`, …); a notification's `enabled`. */
  subscription_status: string;
  condition: Record<string, unknown>;
  /** The notification's `event` (null for a revocation). */
  event: Record<string, unknown> | null;
  /** When Twitch sent it (the signed timestamp). */
  sent_at: Date;
  status: EventSubDeliveryStatus;
  /** Processing attempts so far. */
  attempts: number;
  /**
   * When a drain may take it next: when it was stored, then the end of the lease of the drain
   * processing it (a drain that dies leaves it to another once the lease ends), or the retry time
   * after a failed attempt.
   */
  available_at: Date;
  /** The lease of the drain batch that took it last (settling checks it), null before. */
  lease: string | null;
  /** Why it was ignored, or the last failure. */
  outcome: string | null;
  processed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type EventSubDeliveryDocument = StoredDocument<EventSubDeliveryFields>;

/** How long processed deliveries are kept (for support: what did Twitch send?). */
export const DELIVERY_RETENTION_SECONDS = 7 * 24 * 60 * 60;

const deliverySchema = defineSchema<EventSubDeliveryFields>(
  {
    message_type: { type: String, enum: ['notification', 'revocation'], required: true },
    subscription_id: { type: String, required: true },
    subscription_type: { type: String, required: true },
    subscription_version: { type: String, required: true },
    subscription_status: { type: String, required: true },
    condition: { type: Schema.Types.Mixed, default: {} },
    event: { type: Schema.Types.Mixed, default: null },
    sent_at: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'processed', 'ignored', 'failed'], default: 'pending' },
    attempts: { type: Number, default: 0 },
    available_at: { type: Date, default: () => new Date() },
    lease: { type: String, default: null },
    outcome: { type: String, default: null },
    processed_at: { type: Date, default: null },
  },
  { collection: 'eventsub_deliveries' },
);

// the drain: pending deliveries free to take, oldest first
deliverySchema.index({ status: 1, available_at: 1 });
// keeps a week of deliveries
deliverySchema.index({ created_at: 1 }, { expireAfterSeconds: DELIVERY_RETENTION_SECONDS });

export type EventSubDeliveryModel = Model<EventSubDeliveryDocument>;

export function registerEventSubDeliveryModel(connection: Connection): EventSubDeliveryModel {
  return connection.model<EventSubDeliveryDocument>('EventSubDelivery', deliverySchema);
}
