import type { Redis } from 'ioredis';
import type { ChatBotCommand, ChatBotCommandSettings } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';

/**
 * Per-command and per-chatter cooldowns in Redis, shared by every service process: taking one is a
 * `SET NX PX`, so two bot processes (or two messages at once) cannot both pass.
 */
export class CommandCooldowns {
  constructor(private readonly redis: Redis) {}

  /**
   * Starts the command's cooldowns unless one is running; answers the one running (the chatter must
   * wait), or null when the command may run.
   */
  async take(
    channelId: string,
    command: ChatBotCommand,
    chatterId: string,
    settings: Pick<ChatBotCommandSettings, 'cooldown_seconds' | 'user_cooldown_seconds'>,
  ): Promise<'user_cooldown' | 'command_cooldown' | null> {
    const userKey = redisKeys.chatBotUserCooldown(channelId, command, chatterId);
    if (settings.user_cooldown_seconds > 0) {
      const taken = await this.redis.set(userKey, '1', 'PX', settings.user_cooldown_seconds * 1000, 'NX');
      if (taken !== 'OK') {
        return 'user_cooldown';
      }
    }
    if (settings.cooldown_seconds > 0) {
      const key = redisKeys.chatBotCooldown(channelId, command);
      const taken = await this.redis.set(key, '1', 'PX', settings.cooldown_seconds * 1000, 'NX');
      if (taken !== 'OK') {
        if (settings.user_cooldown_seconds > 0) {
          await this.redis.del(userKey);
        }
        return 'command_cooldown';
      }
    }
    return null;
  }

  /** Gives the cooldowns back (a command that only answered a hint should not hold the chatter up). */
  async release(
    channelId: string,
    command: ChatBotCommand,
    chatterId: string,
    settings: Pick<ChatBotCommandSettings, 'cooldown_seconds' | 'user_cooldown_seconds'>,
  ): Promise<void> {
    const keys = [
      ...(settings.user_cooldown_seconds > 0 ? [redisKeys.chatBotUserCooldown(channelId, command, chatterId)] : []),
      ...(settings.cooldown_seconds > 0 ? [redisKeys.chatBotCooldown(channelId, command)] : []),
    ];
    if (keys.length > 0) {
      await this.redis.del(...keys);
    }
  }
}
