import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import { RedisScript } from '../db/redis-script';
import { decodeStoredEvent, encodeStoredEvent } from './stored-event';

/**
 * Replaces live members by their anonymised versions, keeping each one's score (timestamp). A
 * member already gone (flushed or trimmed meanwhile) is skipped. KEYS: live events.
 * ARGV: pairs of (current member, anonymised member).
 */
const anonymiseScript = new RedisScript(`
local replaced = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZADD', KEYS[1], score, ARGV[i + 1])
    replaced = replaced + 1
  end
end
return replaced
`);

const scanCount = 1000;

/**
 * What analytics keeps of a user: the user id on their raw events while they wait in Redis for
 * the next flush (the long-term store has only anonymous counts). Deleting the account keeps the
 * events, counted, but forgets whose they were.
 */
export class AnalyticsDataOwner implements UserDataOwner {
  readonly name = 'analytics';

  constructor(private readonly redis: Redis) {}

  async deleteAllForUser(userId: UserId): Promise<void> {
    const key = redisKeys.analyticsEvents();
    // the id is a UUID, so matching its quoted text finds exactly this user's events
    const pattern = `*${JSON.stringify(userId).replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, entries] = await this.redis.zscan(key, cursor, 'MATCH', pattern, 'COUNT', scanCount);
      cursor = next;
      const replacements: string[] = [];
      // entries alternate member, score
      for (let index = 0; index < entries.length; index += 2) {
        const member = entries[index] as string;
        const event = decodeStoredEvent(member);
        if (event?.user_id === userId) {
          replacements.push(member, encodeStoredEvent({ ...event, user_id: null }));
        }
      }
      if (replacements.length > 0) {
        await anonymiseScript.run(this.redis, [key], replacements);
      }
    } while (cursor !== '0');
  }
}
