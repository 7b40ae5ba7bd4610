import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../shared/logger';
import { startService, type RunningService } from '../server';
import {
  createAuraStreamClient,
  type AuraStreamClient,
  type SubscriptionTier,
  type UserRole,
} from '@aurastream/contract';
import type { User } from '../users/user.repository';
import { sharedInfrastructure } from './shared-infrastructure';
import { findFreePort } from '../db/free-port';
import { PasswordHasher } from '../auth/password-hasher';
import { processLogDestination, recordConfigSecrets, recordTestSecrets, testLogLevel } from './test-logs';

export interface TestUser {
  user: User;
  accessToken: string;
  /** A typed client signed in as this user. */
  api: AuraStreamClient;
}

/** The log lines a test service wrote, when started with `captureLogs`. */
export interface CapturedLogs {
  /** Every line so far, as written (JSON). */
  text(): string;
  /** Every line so far, parsed. */
  records(): Record<string, unknown>[];
  clear(): void;
}

export interface TestServiceOptions {
  /** Keep the service's log lines in memory (`logs`) too, besides the process's log file; set LOG_LEVEL too. */
  captureLogs?: boolean;
}

export interface TestService {
  url: string;
  /** The captured log lines (`captureLogs`); null otherwise. */
  logs: CapturedLogs | null;
  service: RunningService;
  /** A typed client without credentials. */
  api: AuraStreamClient;
  /** Creates a user directly in the database and signs them in (factory for tests). */
  createUser(options?: {
    email?: string;
    displayName?: string;
    tier?: SubscriptionTier;
    role?: UserRole;
    passwordHash?: string | null;
    /** A password to sign in with (through the form or the login endpoint); hashed as sign-up would. */
    password?: string;
    /** Unverified users see the dashboard's "confirm your e-mail" banner. */
    emailVerified?: boolean;
  }): Promise<TestUser>;
  /** A typed client sending the given access token. */
  clientFor(accessToken: string | null): AuraStreamClient;
  stop(): Promise<void>;
}

/**
 * Starts a real AuraStream service on a free port against the shared test MongoDB and Redis, with
 * its own database, Redis key prefix and data folder. `env` overrides settings (e.g. fake Twitch
 * and OpenAI URLs).
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: TestServiceOptions = {},
): Promise<TestService> {
  const infrastructure = await sharedInfrastructure();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-test-'));
  const unique = randomBytes(6).toString('hex');
  // the port is chosen up front so PUBLIC_URL (links, file URLs) is right from the start
  const configOn = (port: number) =>
    loadConfig(
      {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        LOG_LEVEL: testLogLevel(),
        MONGODB_URI: infrastructure.mongoUri,
        MONGODB_DB_NAME: `test_${unique}`,
        REDIS_URL: infrastructure.redisUrl,
        REDIS_KEY_PREFIX: `test:${unique}:`,
        BCRYPT_COST: '4',
        JOB_RETRY_BASE_MS: '50',
        ...env,
      },
      dataDir,
    );
  let config = configOn(await findFreePort());
  recordConfigSecrets(env, dataDir);
  const captured: string[] = [];
  const logs: CapturedLogs | null = options.captureLogs
    ? {
        text: () => captured.join(''),
        records: () =>
          captured
            .join('')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        clear: () => {
          captured.length = 0;
        },
      }
    : null;
  // a silent service (a benchmark's) makes no log file
  const logFile = config.logLevel === 'silent' ? null : processLogDestination();
  const logger = createLogger({
    level: config.logLevel,
    name: 'test-service',
    destination: logs
      ? {
          write: (line: string) => {
            captured.push(line);
            logFile?.write(line);
          },
        }
      : (logFile ?? undefined),
  });
  let service: RunningService;
  for (let attempt = 1; ; attempt += 1) {
    try {
      service = await startService(config, { logger });
      break;
    } catch (error) {
      // a port found free may be taken before the service binds it (by another test process, or
      // as the local port of an outgoing connection): try another
      if (attempt >= 3 || env.PORT || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw error;
      }
      config = configOn(await findFreePort());
    }
  }
  let stopping: Promise<void> | null = null;
  const clientFor = (accessToken: string | null): AuraStreamClient =>
    createAuraStreamClient({ baseUrl: service.url, getAccessToken: () => accessToken });

  return {
    url: service.url,
    logs,
    service,
    api: clientFor(null),
    clientFor,
    async createUser(options = {}) {
      const { users, accessTokens } = service.container;
      recordTestSecrets('password', [options.password]);
      const passwordHash =
        options.password === undefined
          ? (options.passwordHash ?? null)
          : await new PasswordHasher(config.auth.bcryptCost).hash(options.password);
      const user = await users.create({
        email: options.email ?? `user-${randomUUID()}@example.test`,
        display_name: options.displayName ?? 'Test Streamer',
        password_hash: passwordHash,
        email_verified: options.emailVerified ?? true,
        role: options.role ?? 'user',
      });
      const tiered = options.tier ? ((await users.update(user.id, { subscription_tier: options.tier })) ?? user) : user;
      const { token } = await accessTokens.issue(tiered.id, randomUUID());
      return { user: tiered, accessToken: token, api: clientFor(token) };
    },
    stop() {
      // idempotent: a test may stop a service it also stops in `after`
      stopping ??= (async () => {
        // a second process of another test service's deployment (same MONGODB_DB_NAME) leaves it be
        if (!env.MONGODB_DB_NAME) {
          await service.infra.mongo.connection.dropDatabase().catch(() => undefined);
        }
        await service.stop();
        await rm(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
