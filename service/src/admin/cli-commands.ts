import os from 'node:os';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config';
import { AppError } from '../shared/errors';
import { registerUserModel } from '../users/user.model';
import { UserRepository, type UserId } from '../users/user.repository';
import { publishUserChange, type UserChangeNotifier } from '../users/user-changes';
import { createLogger, type Logger } from '../shared/logger';
import type { ServiceCredentialResponse, UserResponse } from '@aurastream/contract';
import type { Operator } from '../auth/principal';
import { AuditLog } from '../audit/audit-log';
import { AuditLogRepository, type AuditRecord } from '../audit/audit-log.repository';
import { registerAuditRecordModel } from '../audit/audit-record.model';
import { RoleChangeService } from '../users/role-change.service';
import { botChannelsNotChecked, streamerChannelsFrom } from '../service-credentials/channel-access';
import { createServiceCredentialsFeature } from '../service-credentials/feature';
import { credentialsNotKept, verifiedCredentialsInRedis } from '../service-credentials/verified-credentials';
import { createPlatformConnections } from '../twitch/feature';
import { createAdminFeature } from './feature';
import { connectCliDatabase } from './cli-database';
import type { CliCommand } from './cli';

/**
 * Whoever runs the CLI holds the deployment's database and settings. The audit log names them by
 * their operating-system account and host.
 */
function cliOperator(): Operator {
  let account: string;
  try {
    account = `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    account = `unknown@${os.hostname()}`;
  }
  return { kind: 'operator', name: 'admin-cli', account };
}

function describeAuditRecord(record: AuditRecord): string {
  const by = record.actor_type === 'admin_emails' ? 'ADMIN_EMAILS' : `${record.actor_type} ${record.actor_id ?? ''}`;
  const why = record.reason ? ` (${record.reason})` : '';
  return `${record.created_at.toISOString()} ${record.role_before} → ${record.role_after} by ${by.trim()}${why}, account ${record.subject_user_id}\n`;
}

function describe(user: UserResponse): string {
  return `${user.email}: tier ${user.subscription_tier}, role ${user.role} (id ${user.id})\n`;
}

function describeCredential(credential: ServiceCredentialResponse): string {
  const scope =
    credential.scope.kind === 'channels'
      ? `channels ${credential.scope.twitch_channel_ids.join(', ')}`
      : 'channels whose streamer turned the bot on';
  const state = credential.revoked_at ? `revoked ${credential.revoked_at}` : 'active';
  return `${credential.id}  ${credential.name}  ${credential.token_hint}  ${scope}  (${state})\n`;
}

/**
 * Tells the running service instances (through their Redis) about each changed account, so a new
 * tier or role applies on their next request rather than once their cached copy expires, and
 * retires each revoked service credential they keep verified, so it is refused at once.
 */
function serviceNotifier(
  redisUrl: string | null,
  keyPrefix: string,
  logger: Logger,
): UserChangeNotifier & { retireCredential(tokenHash: string): Promise<void>; close(): Promise<void> } {
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, keyPrefix })
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
    async retireCredential(tokenHash: string) {
      if (redis) {
        await verifiedCredentialsInRedis(redis)
          .retire(tokenHash)
          .catch((error: unknown) => {
            logger.warn(
              { err: error },
              'could not tell the running service; the revocation applies there within a minute',
            );
          });
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
  const auditLogger = createLogger({ name: 'admin-cli', level: config.logLevel, destination: pino.destination(2) });
  const operator = cliOperator();
  const database = await connectCliDatabase(config, logger);
  process.stderr.write(`Using ${database.source}\n`);
  const notifier = serviceNotifier(database.redisUrl, config.redis.keyPrefix, logger);
  try {
    const { connection } = database.mongo;
    const users = new UserRepository(registerUserModel(connection), notifier);
    // role changes made here are audited like the API's: a record, and a line on standard error
    const auditRecords = new AuditLogRepository(registerAuditRecordModel(connection));
    const roles = new RoleChangeService(users, new AuditLog(auditRecords, auditLogger));
    const admin = createAdminFeature({ users, roles, auditRecords }).api;
    const serviceCredentials = createServiceCredentialsFeature({
      connection,
      streamers: streamerChannelsFrom(createPlatformConnections({ config, connection, logger })),
      botChannels: botChannelsNotChecked,
      verified: credentialsNotKept((tokenHash) => notifier.retireCredential(tokenHash)),
    }).api;
    switch (command.kind) {
      case 'set-tier':
        process.stdout.write(
          describe(await admin.updateUserByEmail(operator, command.email, { subscription_tier: command.tier })),
        );
        break;
      case 'set-role':
        process.stdout.write(describe(await admin.updateUserByEmail(operator, command.email, { role: command.role })));
        break;
      case 'show':
        process.stdout.write(describe(await admin.findUserByEmail(operator, command.email)));
        break;
      case 'create-service-credential': {
        const { credential, secret } = await serviceCredentials.create(operator, {
          name: command.name,
          scope: command.channels
            ? { kind: 'channels', twitch_channel_ids: command.channels }
            : { kind: 'bot_channels' },
        });
        process.stdout.write(describeCredential(credential));
        process.stdout.write(`Secret (shown only now; send it as "Authorization: Bearer <secret>"):\n${secret}\n`);
        break;
      }
      case 'revoke-service-credential':
        process.stdout.write(describeCredential(await serviceCredentials.revoke(operator, command.id)));
        break;
      case 'list-service-credentials':
        for (const credential of (await serviceCredentials.list(operator)).items) {
          process.stdout.write(describeCredential(credential));
        }
        break;
      case 'audit': {
        const records = await admin.listRoleChanges(operator, command.email);
        process.stdout.write(records.length > 0 ? records.map(describeAuditRecord).join('') : 'No role changes\n');
        break;
      }
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
