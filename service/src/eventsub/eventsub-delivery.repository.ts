import { duplicateKeyIndexes } from '../db/insert-many';
import { driverCollection, toEntity } from '../db/model';
import type { EventSubDeliveryFields, EventSubDeliveryModel, EventSubDeliveryStatus } from './eventsub-delivery.model';

export interface EventSubDelivery extends EventSubDeliveryFields {
  /** Twitch's message id. */
  id: string;
}

export type NewEventSubDelivery = Omit<
  EventSubDeliveryFields,
  'status' | 'attempts' | 'available_at' | 'lease' | 'outcome' | 'processed_at' | 'created_at' | 'updated_at'
>;

/** How a drain settles a delivery it leased. */
export type DeliverySettlement =
  | { messageId: string; status: Exclude<EventSubDeliveryStatus, 'pending'>; outcome: string | null }
  | { messageId: string; status: 'pending'; outcome: string; retryAt: Date };

/** A lease on deliveries: its id, and until when no other drain may take them. */
export interface DeliveryLease {
  id: string;
  until: Date;
}

/**
 * `eventsub_deliveries`. Deliveries are Twitch's, not a user's: they are found by message id, and
 * the methods say so (`…ForTwitch`); what a delivery means for a user is the handlers' business.
 */
export class EventSubDeliveryRepository {
  constructor(private readonly model: EventSubDeliveryModel) {}

  /**
   * Stores deliveries in one unordered write; answers each new one as stored, and null for a
   * message id stored before (a redelivery: only that delivery is refused). With a `lease`, they
   * are stored already taken by it (one attempt counted), for the drain of the process that
   * received them; otherwise any drain may take them at once.
   */
  async insertManyForTwitch(
    items: ReadonlyArray<{ messageId: string; delivery: NewEventSubDelivery }>,
    lease: DeliveryLease | null = null,
  ): Promise<Array<EventSubDelivery | null>> {
    if (items.length === 0) {
      return [];
    }
    const now = new Date();
    const documents = items.map(({ messageId, delivery }) => ({
      _id: messageId,
      ...delivery,
      status: 'pending' as const,
      attempts: lease ? 1 : 0,
      available_at: lease ? lease.until : now,
      lease: lease ? lease.id : null,
      outcome: null,
      processed_at: null,
      created_at: now,
      updated_at: now,
    }));
    let duplicates: Set<number> | null = null;
    try {
      await this.model.collection.insertMany(documents as never[], { ordered: false });
    } catch (error) {
      duplicates = duplicateKeyIndexes(error);
      if (!duplicates) {
        throw error;
      }
    }
    return documents.map((document, index) =>
      duplicates?.has(index) ? null : (toEntity(document) as EventSubDelivery),
    );
  }

  /**
   * Leases up to `limit` pending deliveries free to take (oldest first) for `leaseMs`, counting an
   * attempt at each. Each delivery is taken by one lease at a time: the update matches only those
   * still free, so two drains asking at once split them.
   */
  async leaseBatchForTwitch(lease: string, leaseMs: number, limit: number): Promise<EventSubDelivery[]> {
    const now = new Date();
    const free = { status: 'pending' as const, available_at: { $lte: now } };
    const candidates = await this.model.find(free, { _id: 1 }).sort({ available_at: 1 }).limit(limit).lean();
    if (candidates.length === 0) {
      return [];
    }
    const ids = candidates.map((candidate) => candidate._id);
    await this.model.updateMany(
      { _id: { $in: ids }, ...free },
      { $set: { lease, available_at: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
    );
    const leased = await this.model.find({ _id: { $in: ids }, lease, status: 'pending' }).lean();
    return leased.map((document) => toEntity(document));
  }

  /**
   * Settles leased deliveries, in one write: done (`processed`, `ignored`, `failed`) or back to
   * pending until `retryAt`. Each is settled only while the lease it names still holds it: one
   * whose lease passed to another drain is left to it.
   */
  async settleLeasedForTwitch(settlements: ReadonlyArray<DeliverySettlement & { lease: string }>): Promise<void> {
    if (settlements.length === 0) {
      return;
    }
    // most of a batch settles alike (processed, no outcome, one or two leases): one update per
    // distinct lease and settlement
    const now = new Date();
    const alike = new Map<string, { lease: string; ids: string[]; set: Record<string, unknown> }>();
    for (const settlement of settlements) {
      const set: Record<string, unknown> =
        settlement.status === 'pending'
          ? { outcome: settlement.outcome, available_at: settlement.retryAt, lease: null }
          : { status: settlement.status, outcome: settlement.outcome, processed_at: now, lease: null };
      const key = `${settlement.lease}|${settlement.status === 'processed' && settlement.outcome === null ? '' : JSON.stringify(set)}`;
      const group = alike.get(key) ?? { lease: settlement.lease, ids: [] as string[], set };
      group.ids.push(settlement.messageId);
      alike.set(key, group);
    }
    // the driver's statements, not cast by mongoose: ids, leases and statuses are strings already
    await driverCollection(this.model).bulkWrite(
      [...alike.values()].map(({ lease, ids, set }) => ({
        updateMany: {
          filter: { _id: { $in: ids }, status: 'pending' as const, lease },
          update: { $set: { ...set, updated_at: now } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Gives back deliveries a drain holds but will not handle (it is stopping): any drain may take
   * them at once, and the attempt counted when they were taken is undone.
   */
  async releaseLeasedForTwitch(leased: ReadonlyArray<{ lease: string; messageId: string }>): Promise<void> {
    const byLease = new Map<string, string[]>();
    for (const { lease, messageId } of leased) {
      byLease.set(lease, [...(byLease.get(lease) ?? []), messageId]);
    }
    if (byLease.size === 0) {
      return;
    }
    await this.model.bulkWrite(
      [...byLease].map(([lease, ids]) => ({
        updateMany: {
          filter: { _id: { $in: ids }, status: 'pending' as const, lease },
          update: { $set: { available_at: new Date(), lease: null }, $inc: { attempts: -1 } },
        },
      })),
      { ordered: false },
    );
  }

  /** Deliveries stored before `available_at` existed wait for the drain like new ones. */
  async makeLegacyPendingAvailableForTwitch(): Promise<void> {
    await this.model.updateMany(
      { status: 'pending', available_at: { $exists: false } },
      { $set: { available_at: new Date(0), lease: null } },
    );
  }

  async findForTwitch(messageId: string): Promise<EventSubDelivery | null> {
    const document = await this.model.findById(messageId).lean();
    return document ? toEntity(document) : null;
  }
}
