import cluster from 'node:cluster';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric AuraStream exports, in one registry per process. Features only increment
 * what is defined here (they never create metrics of their own), so names, labels and their
 * bounded values are reviewed in one place. Label values are always from a closed set: route
 * templates, job type names, error codes; never a URL, an id or a user's text.
 */
export const metricsRegistry = new Registry();

collectDefaultMetrics({ register: metricsRegistry });

if (cluster.isWorker) {
  // a service process of SERVICE_PROCESSES > 1 answers the primary's requests for its metrics,
  // which the primary sums (AggregatorRegistry): one scrape shows the whole host
  AggregatorRegistry.setRegistries([metricsRegistry]);
  new AggregatorRegistry();
}

/** Latency of HTTP requests, per route template of the contract (`/api/v1/brand-kits/{id}`). */
export const httpRequestDuration = new Histogram({
  name: 'aurastream_http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to finishing its response, per route template.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const QUEUE_READ_TIMEOUT_MS = 2000;

/** `work`'s counts, or none when it fails or takes longer than `ms`. */
function withinTime(work: Promise<JobQueueCount[]>, ms: number): Promise<JobQueueCount[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<JobQueueCount[]>((resolve) => {
    timer = setTimeout(() => resolve([]), ms);
    timer.unref();
  });
  return Promise.race([work.catch(() => []), timeout]).finally(() => clearTimeout(timer));
}

/** Jobs due and not yet taken by a worker, and jobs a worker holds now, per job type. */
export const jobQueueDepth = new Gauge({
  name: 'aurastream_job_queue_depth',
  help: 'Jobs per type and state: `waiting` (due, not taken by a worker) or `running` (locked by a worker). Read from the shared queue, so every process reports the same value.',
  labelNames: ['type', 'state'] as const,
  // every process reads the same collection: summing processes would count each job several times
  aggregator: 'max',
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    // a queue that cannot be read in time reports nothing rather than hold the whole scrape (and
    // every other metric) up while MongoDB is away, which is when the metrics matter most
    const counts = await Promise.all([...jobQueueSources].map((source) => withinTime(source(), QUEUE_READ_TIMEOUT_MS)));
    for (const { type, state, count } of counts.flat()) {
      this.inc({ type, state }, count);
    }
  },
});

/** One job type's count in one state, as a queue source reports it. */
export interface JobQueueCount {
  type: string;
  state: 'waiting' | 'running';
  count: number;
}

const jobQueueSources = new Set<() => Promise<JobQueueCount[]>>();

/** A job queue whose depth `aurastream_job_queue_depth` reports on each scrape; returns its removal. */
export function registerJobQueueSource(source: () => Promise<JobQueueCount[]>): () => void {
  jobQueueSources.add(source);
  return () => jobQueueSources.delete(source);
}

/** How long job runs take, per job type and outcome. */
export const jobDuration = new Histogram({
  name: 'aurastream_job_duration_seconds',
  help: 'Duration of job runs, per job type and outcome (`success` or `failure`; a failed run may be retried).',
  labelNames: ['type', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [metricsRegistry],
});

/** Why generation failed: an image provider's error code, a bad render, or a job that gave up. */
export type GenerationFailureReason =
  | 'image_provider_timeout'
  | 'image_provider_error'
  | 'image_provider_refused'
  | 'invalid_render'
  | 'render_error'
  | 'retries_exhausted';

export const generationFailures = new Counter({
  name: 'aurastream_generation_failures_total',
  help: 'Generation failures by reason: a variation that could not be made (per attempt), or a job that gave up after its last retry (`retries_exhausted`).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export function recordGenerationFailure(reason: GenerationFailureReason): void {
  generationFailures.inc({ reason });
}

export const openSseStreams = new Gauge({
  name: 'aurastream_sse_streams_open',
  help: 'Server-sent event streams open now (the Prompt Coach).',
  registers: [metricsRegistry],
});

export const openSockets = new Gauge({
  name: 'aurastream_socketio_connections_open',
  help: 'socket.io connections open now (the dashboard’s live updates).',
  registers: [metricsRegistry],
});

/** Who a stored file belongs to, as the orphan-file sweep tells them apart (`orphan-files/`). */
export type FileOwnerName = 'assets' | 'brand_kit_logos';

export const orphanFilesRemoved = new Counter({
  name: 'aurastream_orphan_files_removed_total',
  help: 'Stored files no row referred to (left by a crash between writing a file and its row), removed by the orphan-file sweep once older than STORAGE_ORPHAN_GRACE_SECONDS, by the collection whose folder held them.',
  labelNames: ['owner'] as const,
  registers: [metricsRegistry],
});

export function recordOrphanFilesRemoved(owner: FileOwnerName, count: number): void {
  if (count > 0) {
    orphanFilesRemoved.inc({ owner }, count);
  }
}

/** A dependency the service stands on. */
export type Dependency = 'mongodb' | 'redis' | 'storage';

export const dependencyErrors = new Counter({
  name: 'aurastream_dependency_errors_total',
  help: 'Errors from MongoDB, Redis and the file store: `connection` (a connection failed or dropped) or `request` (a request failed on one, answered 500).',
  labelNames: ['dependency', 'kind'] as const,
  registers: [metricsRegistry],
});

export function recordDependencyError(dependency: Dependency, kind: 'connection' | 'request'): void {
  dependencyErrors.inc({ dependency, kind });
}

/**
 * What became of an EventSub delivery (issue 15's endpoint increments this): `processed` (acted
 * on), `duplicate` (a message id seen before, e.g. delivered to two instances), `challenge`,
 * `revocation`, `ignored` (an unknown reward or channel), `invalid_signature`, `stale` (outside
 * the 10-minute window), `failed` (a 5xx; Twitch will redeliver).
 */
export type EventSubOutcome =
  'processed' | 'duplicate' | 'challenge' | 'revocation' | 'ignored' | 'invalid_signature' | 'stale' | 'failed';

export const eventSubDeliveries = new Counter({
  name: 'aurastream_eventsub_deliveries_total',
  help: 'EventSub deliveries received, by subscription type and outcome.',
  labelNames: ['subscription_type', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** `subscriptionType`: Twitch's (`channel.channel_points_custom_reward_redemption.add`), a closed set. */
export function recordEventSubDelivery(subscriptionType: string, outcome: EventSubOutcome): void {
  eventSubDeliveries.inc({ subscription_type: subscriptionType || 'unknown', outcome });
}

/**
 * Chat traffic held back (issue 16's chat bot, service side): `command` (a chat command over its
 * per-user or per-command cooldown) or `reply` (a reply sent through Helix that Twitch did not
 * deliver: its limits, a duplicate, too long, or a refused grant). The bot's own reply queue merges
 * and drops acknowledgements before they reach Twitch; it counts those per channel in Redis.
 */
export type ChatDropKind = 'command' | 'reply';
export type ChatDropReason = 'user_cooldown' | 'command_cooldown' | 'rate_limit' | 'duplicate' | 'too_long' | 'refused';

export const chatMessagesDropped = new Counter({
  name: 'aurastream_chat_messages_dropped_total',
  help: 'Chat commands held back by cooldowns, and bot replies Twitch did not deliver, by kind and reason.',
  labelNames: ['kind', 'reason'] as const,
  registers: [metricsRegistry],
});

export function recordChatDrop(kind: ChatDropKind, reason: ChatDropReason): void {
  chatMessagesDropped.inc({ kind, reason });
}
