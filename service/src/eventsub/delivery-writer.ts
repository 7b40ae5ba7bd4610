import type {
  DeliveryLease,
  EventSubDelivery,
  EventSubDeliveryRepository,
  NewEventSubDelivery,
} from './eventsub-delivery.repository';

/** Deliveries per MongoDB insert at most. */
const MAX_BATCH = 500;

interface Waiting {
  messageId: string;
  delivery: NewEventSubDelivery;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}

/**
 * The drain of this process, when it runs one, taking what is received here straight from memory:
 * `lease` answers a lease to store them under (null: store them for any drain), `take` hands over
 * those stored.
 */
export interface DeliveryHandOff {
  lease(count: number): DeliveryLease | null;
  take(lease: DeliveryLease, deliveries: EventSubDelivery[]): void;
}

/**
 * Stores received deliveries in `eventsub_deliveries` by group commit: deliveries read in the same
 * turn of the event loop, or arriving while a write is in flight, share one insert, so under load
 * one write carries many deliveries, while a lone delivery is written as soon as its turn ends,
 * with no timer. A stored message id is its record's `_id`, kept a week: a redelivery after the
 * receiver's short Redis claim has passed is refused by that unique id (answered as a duplicate),
 * so no Redis key per delivery is kept for a day (at 1,000 deliveries a second, 86 million of
 * them). Each caller learns whether its delivery was new (false:
 * its message id was stored before) once the write holding it is acknowledged by MongoDB.
 * With a hand-off, a write is stored already leased to this process's drain and handed to it, so
 * the drain need not find and lease it in MongoDB; should the process die, the lease ends and any
 * drain takes the deliveries.
 */
export class DeliveryWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly deps: {
      deliveries: Pick<EventSubDeliveryRepository, 'insertManyForTwitch'>;
      handOff?: DeliveryHandOff;
    },
  ) {}

  store(messageId: string, delivery: NewEventSubDelivery): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ messageId, delivery, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        // once the requests read in this turn of the event loop have joined (no timer: the write
        // starts as soon as the loop has handled what it read), so a burst shares one insert
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      const lease = this.deps.handOff?.lease(batch.length) ?? null;
      let stored: Array<EventSubDelivery | null>;
      try {
        stored = await this.deps.deliveries.insertManyForTwitch(batch, lease);
      } catch (error) {
        batch.forEach((each) => each.reject(error));
        continue;
      }
      if (lease) {
        this.deps.handOff!.take(
          lease,
          stored.filter((delivery): delivery is EventSubDelivery => delivery !== null),
        );
      }
      batch.forEach((each, index) => each.resolve(stored[index] !== null && stored[index] !== undefined));
    }
    this.writing = false;
  }
}
