import { randomUUID } from 'node:crypto';
import { recordEventSubDelivery } from '../observability/metrics';
import { HelixRateLimitedError } from '../twitch/helix-rate-limit';
import type { Logger } from '../shared/logger';
import type { DeliveryHandOff } from './delivery-writer';
import type {
  DeliveryLease,
  DeliverySettlement,
  EventSubDelivery,
  EventSubDeliveryRepository,
} from './eventsub-delivery.repository';
import type { EventSubDispatcher, EventSubHandling, EventSubNotification } from './eventsub-dispatcher';

export interface EventSubDrainOptions {
  /** Deliveries leased at once. */
  batchSize: number;
  /** How long a lease lasts: a drain that dies leaves its batch to another this long after. */
  leaseMs: number;
  /** How often an idle drain looks for deliveries another process stored. */
  idlePollMs: number;
  /** Handlers running at once within a batch. */
  concurrency: number;
  /**
   * Deliveries received by this process that wait in its memory at most; beyond, they are stored
   * for any drain (under load, other processes share them).
   */
  maxHandedOver: number;
}

export const DEFAULT_DRAIN_OPTIONS: EventSubDrainOptions = {
  batchSize: 500,
  leaseMs: 60_000,
  idlePollMs: 250,
  concurrency: 32,
  maxHandedOver: 2000,
};

/** A delivery this drain holds, and the lease it holds it by. */
interface Leased {
  lease: string;
  delivery: EventSubDelivery;
}

/**
 * Deliveries of one viewer in one channel are handled one after the other, in the order Twitch sent
 * them (the ideas rules, such as one pending idea per viewer, see each in turn); others in parallel.
 */
function orderKey(delivery: EventSubDelivery): string {
  const event = delivery.event ?? {};
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  const channel = text(delivery.condition.broadcaster_user_id) || text(event.broadcaster_user_id);
  return `${delivery.subscription_type}|${channel}|${text(event.user_id)}`;
}

/**
 * The drain: one long-lived loop per worker process that takes stored EventSub deliveries in batches
 * and hands each to the dispatcher. A batch is leased in MongoDB (`leaseBatchForTwitch`), so several
 * processes share the work without taking the same delivery, and a batch whose process died is
 * taken again when its lease ends: nothing is lost. Each batch is settled in one write, and only by
 * the lease that holds it. Exactly once in effect, as handlers are idempotent (keyed by Twitch's
 * ids): a delivery handled again after a crash does no work twice. A failure (Helix or MongoDB
 * unreachable) is retried with exponential back-off, or once Helix's limit resets; after the last
 * retry the delivery is marked `failed`.
 * Deliveries this process received are handed over in memory (`DeliveryHandOff`: stored already
 * leased to this drain), so only other processes' deliveries, retries and deliveries left by a dead
 * process are found in MongoDB, which the drain looks at whenever nothing is handed over, and at
 * least every `idlePollMs` under load.
 */
export class EventSubDrain implements DeliveryHandOff {
  private running: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  /** Deliveries handed over by this process's writer, oldest first. */
  private handedOver: Leased[] = [];
  private lastLookedAt = 0;

  constructor(
    private readonly deps: {
      deliveries: EventSubDeliveryRepository;
      dispatcher: EventSubDispatcher;
      retry: { maxRetries: number; retryBaseMs: number };
      logger: Logger;
      options?: Partial<EventSubDrainOptions>;
    },
  ) {}

  private get options(): EventSubDrainOptions {
    return { ...DEFAULT_DRAIN_OPTIONS, ...this.deps.options };
  }

  /** Starts the loop (in a process that runs jobs). */
  async start(): Promise<void> {
    if (this.running) {
      return;
    }
    await this.deps.deliveries.makeLegacyPendingAvailableForTwitch();
    this.stopping = false;
    this.running = this.loop();
  }

  /** A delivery was stored: look at once rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * Ends the loop after the batch in hand (its lease covers it should that take too long); what
   * was handed over and not handled yet is given back for any drain.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = null;
    await this.release(this.handedOver.splice(0));
  }

  private async release(leased: readonly Leased[]): Promise<void> {
    try {
      await this.deps.deliveries.releaseLeasedForTwitch(
        leased.map(({ lease, delivery }) => ({ lease, messageId: delivery.id })),
      );
    } catch (error) {
      // their lease ends within leaseMs, and any drain takes them then
      this.deps.logger.warn({ err: error, deliveries: leased.length }, 'could not give back EventSub deliveries');
    }
  }

  /** `DeliveryHandOff`: a lease for deliveries this process is storing, while it has room for them. */
  lease(count: number): DeliveryLease | null {
    const { leaseMs, maxHandedOver } = this.options;
    if (!this.running || this.stopping || this.handedOver.length + count > maxHandedOver) {
      return null;
    }
    return { id: randomUUID(), until: new Date(Date.now() + leaseMs) };
  }

  /** `DeliveryHandOff`: deliveries stored under a lease from `lease`, to handle next. */
  take(lease: DeliveryLease, deliveries: EventSubDelivery[]): void {
    const leased = deliveries.map((delivery) => ({ lease: lease.id, delivery }));
    if (this.stopping) {
      // stored while the drain stopped: given back at once rather than when the lease ends
      this.release(leased).catch(() => undefined);
      return;
    }
    this.handedOver.push(...leased);
    this.wake();
  }

  /**
   * Handles one batch: what was handed over, and, when nothing was or MongoDB was not looked at for
   * `idlePollMs`, deliveries leased there; settles it in one write. Answers how many it took.
   */
  async drainOnce(): Promise<number> {
    const { batchSize, leaseMs, idlePollMs } = this.options;
    const batch = this.handedOver.splice(0, batchSize);
    if (batch.length === 0 || Date.now() - this.lastLookedAt >= idlePollMs) {
      this.lastLookedAt = Date.now();
      const lease = randomUUID();
      // under load, still room for some: retries and other processes' deliveries are not starved
      const room = Math.max(batchSize - batch.length, Math.ceil(batchSize / 4));
      try {
        const found = await this.deps.deliveries.leaseBatchForTwitch(lease, leaseMs, room);
        batch.push(...found.map((delivery) => ({ lease, delivery })));
      } catch (error) {
        // what was handed over is still handled
        this.handedOver.unshift(...batch);
        throw error;
      }
    }
    if (batch.length === 0) {
      return 0;
    }
    const deliveries = batch.map(({ delivery }) => delivery);
    const leaseOf = new Map(batch.map(({ lease, delivery }) => [delivery.id, lease]));
    const settlements = await this.handleAll(deliveries);
    await this.deps.deliveries.settleLeasedForTwitch(
      settlements.map((settlement) => ({ ...settlement, lease: leaseOf.get(settlement.messageId)! })),
    );
    countSettled(deliveries, settlements);
    return batch.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let taken = 0;
      try {
        taken = await this.drainOnce();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'draining EventSub deliveries failed; trying again');
      }
      if (taken === 0 && !this.woken && !this.stopping) {
        await this.idle();
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.idlePollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /**
   * Handles a batch: the notifications of types with a batch handler in one call per type (oldest
   * first); the others in one chain per viewer and channel, `concurrency` chains at a time.
   */
  private async handleAll(batch: EventSubDelivery[]): Promise<DeliverySettlement[]> {
    const { dispatcher } = this.deps;
    const chains = new Map<string, EventSubDelivery[]>();
    const batched = new Map<string, EventSubDelivery[]>();
    for (const delivery of [...batch].sort((a, b) => a.sent_at.getTime() - b.sent_at.getTime())) {
      const inBatch =
        delivery.message_type === 'notification' && dispatcher.handlesInBatches(delivery.subscription_type);
      const groups = inBatch ? batched : chains;
      const key = inBatch ? delivery.subscription_type : orderKey(delivery);
      const group = groups.get(key);
      if (group) {
        group.push(delivery);
      } else {
        groups.set(key, [delivery]);
      }
    }
    const queue = [...chains.values()];
    const settlements: DeliverySettlement[] = [];
    const worker = async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift()) {
        for (const delivery of chain) {
          settlements.push(await this.settlementOf(delivery, () => this.handleOne(delivery)));
        }
      }
    };
    await Promise.all([
      ...[...batched.entries()].map(async ([type, deliveries]) =>
        settlements.push(...(await this.handleBatchOf(type, deliveries))),
      ),
      ...Array.from({ length: Math.min(this.options.concurrency, queue.length) }, worker),
    ]);
    return settlements;
  }

  private async handleBatchOf(type: string, deliveries: EventSubDelivery[]): Promise<DeliverySettlement[]> {
    let handlings: Awaited<ReturnType<EventSubDispatcher['notifyBatch']>>;
    try {
      handlings = await this.deps.dispatcher.notifyBatch(type, deliveries.map(notificationOf));
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      return deliveries.map((delivery) => this.failedSettlement(delivery, reason));
    }
    // settled in the same pass (no promise per delivery)
    return deliveries.map((delivery, index) => {
      const handling = handlings[index]!;
      return handling.outcome === 'retry'
        ? this.failedSettlement(delivery, handling.error)
        : this.handledSettlement(delivery, handling);
    });
  }

  private handleOne(delivery: EventSubDelivery): Promise<EventSubHandling> {
    return delivery.message_type === 'revocation'
      ? this.deps.dispatcher.revoke({
          messageId: delivery.id,
          subscriptionType: delivery.subscription_type,
          subscriptionId: delivery.subscription_id,
          condition: delivery.condition,
          reason: delivery.subscription_status,
        })
      : this.deps.dispatcher.notify(notificationOf(delivery));
  }

  /** How a delivery is settled after `handle` ran: done, retried with back-off, or failed for good. */
  private async settlementOf(
    delivery: EventSubDelivery,
    handle: () => Promise<EventSubHandling>,
  ): Promise<DeliverySettlement> {
    let handling: EventSubHandling;
    try {
      handling = await handle();
    } catch (error) {
      return this.failedSettlement(delivery, error);
    }
    return this.handledSettlement(delivery, handling);
  }

  /** A delivery its handler handled: processed, or acknowledged and ignored. */
  private handledSettlement(delivery: EventSubDelivery, handling: EventSubHandling): DeliverySettlement {
    if (handling.outcome === 'ignored') {
      this.deps.logger.info(
        { ...contextOf(delivery), reason: handling.reason },
        'EventSub delivery acknowledged and ignored',
      );
      return { messageId: delivery.id, status: 'ignored', outcome: handling.reason };
    }
    return { messageId: delivery.id, status: 'processed', outcome: null };
  }

  /** A delivery whose handling failed: retried with back-off (or once Helix's limit resets), or failed for good. */
  private failedSettlement(delivery: EventSubDelivery, error: unknown): DeliverySettlement {
    const { logger, retry } = this.deps;
    const messageId = delivery.id;
    const context = contextOf(delivery);
    const message = error instanceof Error ? error.message : String(error);
    const rateLimited = error instanceof HelixRateLimitedError;
    // waiting for Helix's limit is not the delivery's fault: it does not use up its retries
    if (!rateLimited && delivery.attempts > retry.maxRetries) {
      logger.error({ ...context, err: error }, 'EventSub delivery failed for good');
      return { messageId, status: 'failed', outcome: message };
    }
    const retryAt = rateLimited ? afterReset(error) : backOff(retry.retryBaseMs, delivery.attempts);
    logger.warn({ ...context, err: error, retryAt }, 'EventSub delivery failed; retried with back-off');
    return { messageId, status: 'pending', outcome: message, retryAt };
  }
}

/** `aurastream_eventsub_deliveries_total` for the deliveries a batch settled for good. */
function countSettled(batch: readonly EventSubDelivery[], settlements: readonly DeliverySettlement[]): void {
  const byId = new Map(batch.map((delivery) => [delivery.id, delivery]));
  for (const { messageId, status } of settlements) {
    const delivery = byId.get(messageId);
    if (!delivery || status === 'pending') {
      continue;
    }
    const outcome = status === 'processed' && delivery.message_type === 'revocation' ? 'revocation' : status;
    recordEventSubDelivery(delivery.subscription_type, outcome);
  }
}

/** What a log line about a delivery names. */
function contextOf(delivery: EventSubDelivery) {
  return { messageId: delivery.id, subscriptionType: delivery.subscription_type, attempt: delivery.attempts };
}

function notificationOf(delivery: EventSubDelivery): EventSubNotification {
  return {
    messageId: delivery.id,
    subscriptionType: delivery.subscription_type,
    subscriptionVersion: delivery.subscription_version,
    subscriptionId: delivery.subscription_id,
    condition: delivery.condition,
    event: delivery.event ?? {},
    sentAt: delivery.sent_at,
  };
}

/** Exponential back-off from the attempt just made (1: `baseMs`), with ±20% jitter. */
function backOff(baseMs: number, attempt: number): Date {
  const delay = baseMs * 2 ** Math.max(0, attempt - 1);
  return new Date(Date.now() + Math.round(delay * (0.8 + Math.random() * 0.4)));
}

/** Just after Helix's limit resets, with a little jitter so waiting deliveries do not all call at once. */
function afterReset(error: HelixRateLimitedError): Date {
  return new Date(Math.max(Date.now(), error.resetAt.getTime()) + Math.round(Math.random() * 250));
}
