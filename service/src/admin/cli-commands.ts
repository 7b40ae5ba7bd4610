import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../shared/errors';
import { registerUserModel } from '../users/user.model';
import { UserRepository, type User, type UserId } from '../users/user.repository';
import { publishUserChange, type UserChangeNotifier } from '../users/user-changes';
import type { Logger } from '../shared/logger';
import { AdminService } from './admin.service';
import { connectCliDatabase } from './cli-database';
import type { CliCommand } from './cli';

function describe(user: User): string {
  return `${user.email}: tier ${user.subscription_tier}, role ${user.role} (id ${user.id})\n`;
}

/**
 * Tells the running service instances (through their Redis) about each changed account, so a new
 * tier or role applies on their next request rather than once their cached copy expires.
 */
function serviceNotifier(
  redisUrl: string | null,
  keyPrefix: string,
  logger: Logger,
): UserChangeNotifier & { close(): Promise<void> } {
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    : null;
  redis?.on('error', () => undefined);
  const sent: Promise<void>[] = [];
  return {
    changed(userId: UserId) {
      if (redis) {
        sent.push(
          publishUserChange(redis, keyPrefix, userId).catch((error: unknown) => {
            logger.warn(
              { err: error },
              'could not tell the running service; the change applies within AUTH_USER_CACHE_MS',
            );
          }),
        );
      }
    },
    async close() {
      await Promise.all(sent);
      redis?.disconnect();
    },
  };
}

async function run(command: CliCommand): Promise<void> {
  const config = loadConfig();
  const logger = pino({ name: 'admin-cli', level: 'warn' }, pino.destination(2));
  const database = await connectCliDatabase(config, logger);
  process.stderr.write(`Using ${database.source}\n`);
  const notifier = serviceNotifier(database.redisUrl, config.redis.keyPrefix, logger);
  try {
    const admin = new AdminService(new UserRepository(registerUserModel(database.mongo.connection), notifier));
    switch (command.kind) {
      case 'set-tier':
        process.stdout.write(
          describe(await admin.updateUserByEmail(command.email, { subscription_tier: command.tier })),
        );
        break;
      case 'set-role':
        process.stdout.write(describe(await admin.updateUserByEmail(command.email, { role: command.role })));
        break;
      case 'show':
        process.stdout.write(describe(await admin.findUserByEmail(command.email)));
        break;
    }
  } finally {
    await notifier.close();
    await database.mongo.stop();
  }
}

/** Runs a parsed command; answers the exit code (1 with a message for a known failure). */
export async function runCliCommand(command: CliCommand): Promise<number> {
  try {
    await run(command);
    return 0;
  } catch (error) {
    if (error instanceof AppError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
