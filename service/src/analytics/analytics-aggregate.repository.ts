import { createHash } from 'node:crypto';
import type { Collection, Model } from 'mongoose';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type WriteError } from 'mongodb';
import type { AnalyticsEventCountModel } from './analytics-event.model';
import type { AssetPopularityModel } from './asset-popularity.model';
import type { DailyAssetCounts, HourlyEventCount } from './flush-aggregation';

/**
 * How many recent batch ids a row remembers. Only a batch that is being re-run needs to be found
 * there, and an interrupted batch is always finished before any newer one is taken, so the last
 * few suffice; the bound keeps rows small.
 */
const rememberedBatches = 50;
const maxAttempts = 3;

/** Asset popularity summed over a period, per asset type. */
export interface AssetPopularityTotals {
  asset_type: string;
  generated_count: number;
  viewed_count: number;
  downloaded_count: number;
  shared_count: number;
}

/**
 * The driver's view of both aggregate collections: the batch bookkeeping every row has, and the
 * bucket keys and counters of either collection.
 */
interface AggregateRow {
  _id: string;
  flush_batch_ids: string[];
  created_at: Date;
  updated_at: Date;
  hour_start?: Date;
  event_name?: string;
  category?: string;
  count?: number;
  day?: Date;
  asset_type?: string;
  generated_count?: number;
  viewed_count?: number;
  downloaded_count?: number;
  shared_count?: number;
}

type AggregateCollection = Collection<AggregateRow>;
type BucketKey = Pick<AggregateRow, 'hour_start' | 'event_name' | 'category' | 'day' | 'asset_type'>;
type BucketCounters = Pick<
  AggregateRow,
  'count' | 'generated_count' | 'viewed_count' | 'downloaded_count' | 'shared_count'
>;

/** One bucket's contribution: which row (`key`) and what to add to it. */
interface BucketIncrement {
  key: BucketKey;
  increments: BucketCounters;
}

/** Namespace of the name-based (version 5) UUIDs of aggregate rows. */
const bucketIdNamespace = Buffer.from('5d1a0a4e7f0b4c4c9d3f6a0e2b8c1f37', 'hex');

/**
 * A row's `_id`, derived from its collection and bucket key: the same bucket always gets the same
 * id, so an upsert can name the row by `_id` (and a concurrent duplicate collides on it).
 */
function bucketId(collection: string, key: BucketKey): string {
  const name = [
    collection,
    ...Object.values(key).map((part) => (part instanceof Date ? part.toISOString() : String(part))),
  ].join('\u0000');
  const hash = createHash('sha1').update(bucketIdNamespace).update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function isDuplicateKey(code: unknown): boolean {
  return code === 11000 || code === 11001;
}

/** The model's collection typed with its documents, for the driver's bulk writes. */
function aggregateCollection(model: Pick<Model<unknown>, 'db' | 'collection'>): AggregateCollection {
  return model.db.collection<AggregateRow>(model.collection.collectionName);
}

/** Runs upserts unordered; returns the indexes that hit the unique key, throws on anything else. */
async function bulkUpsert(
  collection: AggregateCollection,
  operations: AnyBulkWriteOperation<AggregateRow>[],
): Promise<number[]> {
  if (operations.length === 0) {
    return [];
  }
  try {
    await collection.bulkWrite(operations, { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) {
      throw error;
    }
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors);
    if (writeErrors.some((writeError) => !isDuplicateKey(writeError.code))) {
      throw error;
    }
    return writeErrors.map((writeError) => writeError.index);
  }
}

/**
 * The long-term analytics store: `analytics_events` and `analytics_asset_popularity`. These rows
 * are aggregates of everyone's events and hold no user's data, so no method takes an owner; only
 * the flush writes them and only admins and grounding features read their totals.
 */
export class AnalyticsAggregateRepository {
  constructor(
    private readonly eventCounts: AnalyticsEventCountModel,
    private readonly assetPopularity: AssetPopularityModel,
  ) {}

  /** Adds a batch's hourly counts; adding the same batch again changes nothing. */
  async addHourlyCounts(batchId: string, rows: readonly HourlyEventCount[]): Promise<void> {
    await this.addOnce(
      aggregateCollection(this.eventCounts),
      batchId,
      rows.map((row) => ({
        key: { hour_start: row.hour_start, event_name: row.event_name, category: row.category },
        increments: { count: row.count },
      })),
    );
  }

  /** Adds a batch's daily asset counts; adding the same batch again changes nothing. */
  async addAssetPopularity(batchId: string, rows: readonly DailyAssetCounts[]): Promise<void> {
    await this.addOnce(
      aggregateCollection(this.assetPopularity),
      batchId,
      rows.map((row) => ({
        key: { day: row.day, asset_type: row.asset_type },
        increments: {
          generated_count: row.generated_count,
          viewed_count: row.viewed_count,
          downloaded_count: row.downloaded_count,
          shared_count: row.shared_count,
        },
      })),
    );
  }

  /** Asset counts per type over the days starting in [from, to]. */
  async sumAssetPopularity(from: Date, to: Date): Promise<AssetPopularityTotals[]> {
    return this.assetPopularity.aggregate<AssetPopularityTotals>([
      { $match: { day: { $gte: from, $lte: to } } },
      {
        $group: {
          _id: '$asset_type',
          generated_count: { $sum: '$generated_count' },
          viewed_count: { $sum: '$viewed_count' },
          downloaded_count: { $sum: '$downloaded_count' },
          shared_count: { $sum: '$shared_count' },
        },
      },
      {
        $project: {
          _id: 0,
          asset_type: '$_id',
          generated_count: 1,
          viewed_count: 1,
          downloaded_count: 1,
          shared_count: 1,
        },
      },
    ]);
  }

  /**
   * Upserts every bucket by its `_id`, guarded by the batch id: a row already holding `batchId` does
   * not match, so its upsert collides on `_id` (11000) instead of counting twice. A collision can
   * also mean another writer created the row meanwhile; those buckets are checked and retried.
   * MongoDB has no multi-document transactions on a standalone server, so idempotence is per row.
   */
  private async addOnce(
    collection: AggregateCollection,
    batchId: string,
    buckets: readonly BucketIncrement[],
  ): Promise<void> {
    let remaining = buckets;
    for (let attempt = 1; remaining.length > 0; attempt += 1) {
      const now = new Date();
      const operations: AnyBulkWriteOperation<AggregateRow>[] = remaining.map(({ key, increments }) => ({
        updateOne: {
          filter: { _id: bucketId(collection.collectionName, key), flush_batch_ids: { $ne: batchId } },
          update: {
            $inc: increments,
            $push: { flush_batch_ids: { $each: [batchId], $slice: -rememberedBatches } },
            $set: { updated_at: now },
            $setOnInsert: { ...key, created_at: now },
          },
          upsert: true,
        },
      }));
      const collided = await bulkUpsert(collection, operations);
      const notYetCounted: BucketIncrement[] = [];
      for (const index of collided) {
        const bucket = remaining[index] as BucketIncrement;
        const counted = await collection.countDocuments(
          { _id: bucketId(collection.collectionName, bucket.key), flush_batch_ids: batchId },
          { limit: 1 },
        );
        if (counted === 0) {
          notYetCounted.push(bucket);
        }
      }
      if (notYetCounted.length > 0 && attempt >= maxAttempts) {
        throw new Error(`${notYetCounted.length} analytics rows kept colliding while adding batch ${batchId}`);
      }
      remaining = notYetCounted;
    }
  }
}
