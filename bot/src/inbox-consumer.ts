import type { Redis } from 'ioredis';
import {
  CHAT_BOT_INBOX_GROUP,
  chatBotInboxEntrySchema,
  chatBotRedisKeys,
  type ChatBotInboxEntry,
} from '@aurastream/contract';
import { backoffDelay, sleep } from './backoff';
import type { BotLogger } from './logger';

/** An entry a dead consumer took but never acknowledged is taken over after this long. */
const CLAIM_IDLE_MS = 30_000;
const READ_BLOCK_MS = 1000;

type StreamEntries = Array<[id: string, fields: string[]]>;

/**
 * Reads the service's inbox stream (EventSub chat messages, announcements) as one consumer of the
 * bots' group: each entry reaches one bot process, is acknowledged once handled, and entries a
 * process that died was holding are claimed by another after a while. Survives a Redis restart:
 * it retries with back-off and recreates the group.
 */
export class InboxConsumer {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private groupReady = false;

  constructor(
    private readonly deps: {
      /** A connection of its own: XREADGROUP blocks it. */
      redis: Redis;
      consumer: string;
      handle(entry: ChatBotInboxEntry): Promise<void>;
      logger: BotLogger;
    },
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastClaim = 0;
    while (!this.abort.signal.aborted) {
      try {
        await this.ensureGroup();
        if (Date.now() - lastClaim > CLAIM_IDLE_MS / 3) {
          lastClaim = Date.now();
          await this.claimAbandoned();
        }
        const result = (await this.deps.redis.xreadgroup(
          'GROUP',
          CHAT_BOT_INBOX_GROUP,
          this.deps.consumer,
          'COUNT',
          100,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          chatBotRedisKeys.inbox(),
          '>',
        )) as Array<[string, StreamEntries]> | null;
        failures = 0;
        for (const [, entries] of result ?? []) {
          await this.handleAll(entries);
        }
      } catch (error) {
        if (this.abort.signal.aborted) {
          break;
        }
        failures += 1;
        if (error instanceof Error && error.message.includes('NOGROUP')) {
          // Redis restarted without the stream: the group is made anew
          this.groupReady = false;
        }
        this.deps.logger.warn({ err: error }, 'reading the chat inbox failed; retrying');
        await sleep(backoffDelay(failures, { maxMs: 10_000 }), this.abort.signal);
      }
    }
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) {
      return;
    }
    try {
      // ioredis prefixes XREADGROUP's, XACK's and XAUTOCLAIM's keys but not XGROUP's
      const stream = `${this.deps.redis.options.keyPrefix ?? ''}${chatBotRedisKeys.inbox()}`;
      await this.deps.redis.xgroup('CREATE', stream, CHAT_BOT_INBOX_GROUP, '$', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) {
        throw error;
      }
    }
    this.groupReady = true;
  }

  private async claimAbandoned(): Promise<void> {
    const [, entries] = (await this.deps.redis.xautoclaim(
      chatBotRedisKeys.inbox(),
      CHAT_BOT_INBOX_GROUP,
      this.deps.consumer,
      CLAIM_IDLE_MS,
      '0-0',
      'COUNT',
      100,
    )) as [string, StreamEntries];
    await this.handleAll(entries);
  }

  private async handleAll(entries: StreamEntries): Promise<void> {
    for (const [id, fields] of entries) {
      const raw = fields[fields.indexOf('entry') + 1];
      const parsed = chatBotInboxEntrySchema.safeParse(raw ? JSON.parse(raw) : null);
      if (parsed.success) {
        try {
          await this.deps.handle(parsed.data);
        } catch (error) {
          // left pending: this or another process takes it again after CLAIM_IDLE_MS
          this.deps.logger.warn({ err: error, id }, 'a chat inbox entry failed');
          continue;
        }
      } else {
        this.deps.logger.warn({ id }, 'an unreadable chat inbox entry was skipped');
      }
      await this.deps.redis.xack(chatBotRedisKeys.inbox(), CHAT_BOT_INBOX_GROUP, id);
    }
  }
}
