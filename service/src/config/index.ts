import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settings, type SettingDefinition, type SettingName } from '@aurastream/config';
import { environmentSchema, type Environment } from './schema';

export type { Environment };

/** A setting is missing or invalid; the message names every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

type Tier = 'free' | 'pro' | 'studio';

/** The validated configuration: a typed, nested object built once at start-up. */
export interface Config {
  env: Environment['NODE_ENV'];
  isProduction: boolean;
  http: {
    host: string;
    port: number;
    /** Service processes sharing the port; above 1, main.ts runs them under a cluster primary. */
    processes: number;
    publicUrl: string;
    corsOrigins: string[];
    trustProxy: string;
    /** Whether the hottest reads are answered ahead of Express (`hot-lane.ts`). */
    fastPath: boolean;
  };
  dataDir: string;
  logLevel: Environment['LOG_LEVEL'];
  mongo: { uri: string | null; dbName: string };
  redis: { url: string | null; serverBin: string; keyPrefix: string };
  auth: {
    jwtSecret: string;
    jwtKeyId: string;
    /** Older keys still accepted while tokens signed with them live. */
    jwtPreviousKeys: { kid: string; secret: string }[];
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    /** How long an instance may reuse an account read for authentication (0: never). */
    userCacheMs: number;
    bcryptCost: number;
    adminEmails: string[];
    secureCookies: boolean;
    /** Rate limits of the sign-in, sign-up, refresh, reset and verification endpoints. */
    rateLimits: {
      perIp: { points: number; durationSeconds: number };
      perAccount: { points: number; durationSeconds: number };
    };
    loginLockout: { maxFailures: number; lockSeconds: number };
  };
  encryptionKey: Buffer;
  email: { smtpUrl: string | null; from: string; outboxDir: string };
  storage: {
    driver: 'local' | 's3';
    localDir: string;
    uploadMaxBytes: number;
    s3: {
      endpoint: string | null;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** Origin files load from (a CDN); null: the bucket's own URL. */
      publicUrl: string | null;
      /** Endpoint browsers reach, for signed URLs; null: `endpoint`. */
      signingEndpoint: string | null;
    };
    /** Browsers get signed file URLs valid this long (S3 only); null: plain URLs. */
    signedUrlSeconds: number | null;
    /** The orphan-file sweep: files no row refers to go once this old, every `orphanSweepSeconds`. */
    orphanGraceSeconds: number;
    orphanSweepSeconds: number;
  };
  /** `/metrics`: the bearer token on the service port (null: none there), and a port of its own. */
  metrics: { token: string | null; port: number | null; host: string };
  limits: { brandKits: Record<Tier, number>; monthlyAssets: Record<Tier, number> };
  generation: { requestsPerMinute: number };
  /** `deleteGraceSeconds`: how long a deleted asset can be restored. */
  assets: { deleteGraceSeconds: number };
  /** `readSeconds`: how long the shared read cache (`db/read-cache.ts`) keeps an answer; 0: off. */
  cache: { readSeconds: number };
  jobs: {
    runWorker: boolean;
    concurrency: number;
    maxRetries: number;
    retryBaseMs: number;
    lockLifetimeMs: number;
  };
  openai: { apiKey: string | null; baseUrl: string; imageModel: string; timeoutMs: number };
  /** `threads`: worker threads of the built-in renderer (0 = main thread). */
  rendering: { threads: number };
  coach: {
    llmBaseUrl: string | null;
    llmApiKey: string;
    llmModel: string;
    sessionTtlSeconds: number;
    maxTurns: number;
    maxConcurrentStreams: number;
    sessionsPerHour: number;
    messagesPerMinute: number;
    llmTimeoutMs: number;
    offlineTokenDelayMs: number;
  };
  analytics: {
    maxEvents: number;
    flushInterval: string;
    /** Batches per minute: per IP without a user, per signed-in user. */
    rateLimitPerMinute: { anonymous: number; user: number };
  };
  twitch: {
    clientId: string;
    clientSecret: string;
    authBaseUrl: string;
    helixBaseUrl: string;
    /** Twitch chat over IRC-over-WebSocket (`TWITCH_CHAT_URL`), for twurple's ChatClient. */
    chatUrl: string;
    /**
     * Twitch is the fake Twitch running inside `npm start` (development without Twitch credentials):
     * the dashboard says "Simulated Twitch". main.ts starts it and points the settings above at it.
     */
    simulated: boolean;
    /** Port of the simulated Twitch (0: a free one). */
    simulatedPort: number;
    eventSubSecret: string;
    extensionClientId: string;
    /** Base64; empty in production when unset (the extension then refuses every viewer). */
    extensionSecret: string;
    /** The secret is a development one generated here, not Twitch's: test tokens may be signed with it. */
    extensionSecretGenerated: boolean;
    /** Secrets of before a rotation, still accepted when verifying viewers' JWTs (base64). */
    extensionPreviousSecrets: string[];
    /** The extension owner's Twitch user id (Extension PubSub's JWT needs it); empty when unset. */
    extensionOwnerId: string;
  };
  /** The chat bot: how chat reaches it, and whether `npm start` runs it. */
  chatBot: {
    transport: 'eventsub' | 'irc';
    inProcess: boolean;
  };
  /** The panel extension's endpoint: rate limits and how long a channel's showcase is cached. */
  extension: {
    rateLimits: {
      perViewer: { points: number; durationSeconds: number };
      perIp: { points: number; durationSeconds: number };
      perChannel: { points: number; durationSeconds: number };
    };
    /** Live events go to the panels through Extension PubSub (client id and Twitch's own secret set). */
    pubsub: boolean;
    cacheSeconds: number;
  };
}

const definitions: Record<SettingName, SettingDefinition> = settings;

/**
 * Development keeps generated secrets in the data folder so sessions and encrypted tokens survive
 * a restart; production must be given them (or may leave `optionalInProduction` ones unset).
 * Returns the names of the secrets generated rather than set.
 */
function loadOrGenerateSecrets(
  raw: Record<string, string | undefined>,
  dataDir: string,
  production: boolean,
  problems: string[],
): Set<SettingName> {
  const missing = (Object.keys(definitions) as SettingName[]).filter(
    (name) => definitions[name].generated && !raw[name],
  );
  if (missing.length === 0) {
    return new Set();
  }
  if (production) {
    for (const name of missing.filter((candidate) => !definitions[candidate].optionalInProduction)) {
      problems.push(`${name}: required in production (${definitions[name].description})`);
    }
    return new Set();
  }
  const file = path.join(dataDir, 'secrets.json');
  let stored: Record<string, string> = {};
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  }
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      const kind = definitions[name].generated;
      stored[name] = kind === 'base64key32' ? randomBytes(32).toString('base64') : randomBytes(32).toString('hex');
      changed = true;
    }
    raw[name] = stored[name];
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return new Set(missing);
}

/**
 * Reads the settings from `env` over the documented defaults, validates them all, and returns the
 * typed configuration, or throws a ConfigError listing every bad setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(definitions) as SettingName[]) {
    const value = env[name];
    raw[name] = value !== undefined && value !== '' ? value : definitions[name].default;
  }
  const problems: string[] = [];
  const dataDir = path.resolve(cwd, raw.DATA_DIR ?? './data');
  const generatedSecrets = loadOrGenerateSecrets(raw, dataDir, raw.NODE_ENV === 'production', problems);
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      const shown = definitions[name as SettingName]?.secret ? '(secret)' : JSON.stringify(raw[name] ?? '');
      problems.push(`${name}: ${issue.message} (got ${shown})`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET) {
    problems.push('S3_BUCKET: required when STORAGE_DRIVER is s3');
  }
  if (e.STORAGE_SIGNED_URLS === 'true' && e.STORAGE_DRIVER !== 's3') {
    problems.push('STORAGE_SIGNED_URLS: signed URLs come from an S3 bucket; set STORAGE_DRIVER=s3, or auto/false');
  }
  if (e.JWT_PREVIOUS_SECRETS.some((key) => key.kid === e.JWT_KEY_ID)) {
    // the previous key would take the current key's place and sign every new token
    problems.push(
      `JWT_PREVIOUS_SECRETS: kid "${e.JWT_KEY_ID}" is the current key's (JWT_KEY_ID); give the previous key its old kid`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  if (e.TWITCH_SIMULATED === 'true' && e.NODE_ENV === 'production') {
    throw new ConfigError(['TWITCH_SIMULATED: the simulated Twitch never runs in production; set it to false or auto']);
  }
  const twitchSimulated =
    e.TWITCH_SIMULATED === 'true' ||
    (e.TWITCH_SIMULATED === 'auto' && e.NODE_ENV === 'development' && !e.TWITCH_CLIENT_ID);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    http: {
      host: e.HOST,
      port: e.PORT,
      processes: e.SERVICE_PROCESSES === 'auto' ? os.availableParallelism() : e.SERVICE_PROCESSES,
      publicUrl,
      // Twitch serves the panel extension from its own origin, which calls the API from the browser
      corsOrigins: e.TWITCH_EXTENSION_CLIENT_ID
        ? [...e.CORS_ORIGINS, `https://${e.TWITCH_EXTENSION_CLIENT_ID}.ext-twitch.tv`]
        : e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      fastPath: e.HTTP_FAST_PATH,
    },
    dataDir,
    logLevel: e.LOG_LEVEL,
    mongo: { uri: e.MONGODB_URI || null, dbName: e.MONGODB_DB_NAME },
    redis: { url: e.REDIS_URL || null, serverBin: e.REDIS_SERVER_BIN, keyPrefix: e.REDIS_KEY_PREFIX },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtKeyId: e.JWT_KEY_ID,
      jwtPreviousKeys: e.JWT_PREVIOUS_SECRETS,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      userCacheMs: e.AUTH_USER_CACHE_MS,
      bcryptCost: e.BCRYPT_COST,
      adminEmails: e.ADMIN_EMAILS,
      secureCookies: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https:') : e.COOKIE_SECURE === 'true',
      rateLimits: { perIp: e.AUTH_RATE_LIMIT_PER_IP, perAccount: e.AUTH_RATE_LIMIT_PER_ACCOUNT },
      loginLockout: { maxFailures: e.LOGIN_MAX_FAILURES, lockSeconds: e.LOGIN_LOCK_SECONDS },
    },
    encryptionKey: Buffer.from(e.ENCRYPTION_KEY, 'base64'),
    email: { smtpUrl: e.SMTP_URL || null, from: e.EMAIL_FROM, outboxDir: path.join(dataDir, 'outbox') },
    storage: {
      driver: e.STORAGE_DRIVER,
      localDir: path.join(dataDir, 'files'),
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      s3: {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        publicUrl: e.S3_PUBLIC_URL,
        signingEndpoint: e.S3_SIGNING_ENDPOINT,
      },
      signedUrlSeconds:
        e.STORAGE_DRIVER === 's3' && e.STORAGE_SIGNED_URLS !== 'false' ? e.STORAGE_SIGNED_URL_SECONDS : null,
      orphanGraceSeconds: e.STORAGE_ORPHAN_GRACE_SECONDS,
      orphanSweepSeconds: e.STORAGE_ORPHAN_SWEEP_SECONDS,
    },
    metrics: {
      token: e.METRICS_TOKEN || null,
      port: e.METRICS_PORT === '' ? null : e.METRICS_PORT,
      host: e.METRICS_HOST,
    },
    limits: { brandKits: e.BRAND_KIT_LIMITS, monthlyAssets: e.MONTHLY_ASSET_LIMITS },
    generation: { requestsPerMinute: e.GENERATION_REQUESTS_PER_MINUTE },
    assets: { deleteGraceSeconds: e.ASSET_DELETE_GRACE_SECONDS },
    cache: { readSeconds: e.READ_CACHE_SECONDS },
    jobs: {
      runWorker: e.RUN_WORKER,
      concurrency: e.WORKER_CONCURRENCY,
      maxRetries: e.JOB_MAX_RETRIES,
      retryBaseMs: e.JOB_RETRY_BASE_MS,
      lockLifetimeMs: e.JOB_LOCK_LIFETIME_MS,
    },
    openai: {
      apiKey: e.OPENAI_API_KEY || null,
      baseUrl: e.OPENAI_BASE_URL.replace(/\/$/, ''),
      imageModel: e.OPENAI_IMAGE_MODEL,
      timeoutMs: e.OPENAI_TIMEOUT_MS,
    },
    rendering: { threads: e.RENDER_THREADS },
    coach: {
      llmBaseUrl: e.COACH_LLM_BASE_URL,
      llmApiKey: e.COACH_LLM_API_KEY,
      llmModel: e.COACH_LLM_MODEL,
      sessionTtlSeconds: e.COACH_SESSION_TTL_SECONDS,
      maxTurns: e.COACH_MAX_TURNS,
      maxConcurrentStreams: e.COACH_MAX_CONCURRENT_STREAMS,
      sessionsPerHour: e.COACH_SESSIONS_PER_HOUR,
      messagesPerMinute: e.COACH_MESSAGES_PER_MINUTE,
      llmTimeoutMs: e.COACH_LLM_TIMEOUT_MS,
      offlineTokenDelayMs: e.COACH_OFFLINE_TOKEN_DELAY_MS,
    },
    analytics: {
      maxEvents: e.ANALYTICS_MAX_EVENTS,
      flushInterval: e.ANALYTICS_FLUSH_INTERVAL,
      rateLimitPerMinute: { anonymous: e.ANALYTICS_RATE_LIMIT_ANONYMOUS, user: e.ANALYTICS_RATE_LIMIT_USER },
    },
    twitch: {
      clientId: e.TWITCH_CLIENT_ID,
      clientSecret: e.TWITCH_CLIENT_SECRET,
      authBaseUrl: e.TWITCH_AUTH_BASE_URL.replace(/\/$/, ''),
      helixBaseUrl: e.TWITCH_HELIX_BASE_URL.replace(/\/$/, ''),
      chatUrl: e.TWITCH_CHAT_URL,
      simulated: twitchSimulated,
      simulatedPort: e.TWITCH_SIMULATED_PORT,
      eventSubSecret: e.TWITCH_EVENTSUB_SECRET,
      extensionClientId: e.TWITCH_EXTENSION_CLIENT_ID,
      extensionSecret: e.TWITCH_EXTENSION_SECRET,
      extensionSecretGenerated: generatedSecrets.has('TWITCH_EXTENSION_SECRET'),
      extensionPreviousSecrets: e.TWITCH_EXTENSION_PREVIOUS_SECRETS,
      extensionOwnerId: e.TWITCH_EXTENSION_OWNER_ID,
    },
    chatBot: {
      transport:
        e.CHAT_BOT_TRANSPORT === 'auto'
          ? publicUrl.startsWith('https://')
            ? 'eventsub'
            : 'irc'
          : e.CHAT_BOT_TRANSPORT,
      inProcess: e.CHAT_BOT_IN_PROCESS === 'auto',
    },
    extension: {
      rateLimits: {
        perViewer: e.EXTENSION_RATE_LIMIT_PER_VIEWER,
        perIp: e.EXTENSION_RATE_LIMIT_PER_IP,
        perChannel: e.EXTENSION_RATE_LIMIT_PER_CHANNEL,
      },
      pubsub:
        e.TWITCH_EXTENSION_CLIENT_ID !== '' &&
        e.TWITCH_EXTENSION_SECRET !== '' &&
        !generatedSecrets.has('TWITCH_EXTENSION_SECRET'),
      cacheSeconds: e.EXTENSION_CACHE_SECONDS,
    },
  };
}
