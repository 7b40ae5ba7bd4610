import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const optionalUrl = z.union([z.literal(''), z.url()]).transform((value) => value || null);
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);
const tiers = ['free', 'pro', 'studio'] as const;
const base64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `30/60` → 30 requests per 60 seconds. */
const rateLimit = z
  .string()
  .regex(/^\s*\d+\s*\/\s*\d+\s*$/, 'must be "requests/seconds", e.g. 30/60')
  .transform((value) => {
    const [points, seconds] = value.split('/').map((part) => Number(part.trim()));
    return { points: points ?? 0, durationSeconds: seconds ?? 0 };
  })
  .refine((limit) => limit.points >= 1 && limit.durationSeconds >= 1, 'requests and seconds must be at least 1');

/** HMAC keys must be as long as `JWT_SECRET` has to be. */
const JWT_KEY_MIN_LENGTH = 32;

/**
 * `k1:secret,k0:secret` → `[{kid, secret}]`. A short key or a malformed pair is refused; messages
 * name the key id, never the key.
 */
const jwtKeyPairs = csv.transform((pairs, ctx) => {
  const keys: { kid: string; secret: string }[] = [];
  pairs.forEach((pair, index) => {
    const separator = pair.indexOf(':');
    const kid = separator > 0 ? pair.slice(0, separator).trim() : '';
    const secret = separator > 0 ? pair.slice(separator + 1) : '';
    if (!kid || !secret) {
      ctx.addIssue({ code: 'custom', message: `entry ${index + 1} is not "kid:secret"` });
    } else if (secret.length < JWT_KEY_MIN_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `the key of kid "${kid}" must be at least ${JWT_KEY_MIN_LENGTH} characters`,
      });
    } else if (keys.some((key) => key.kid === kid)) {
      ctx.addIssue({ code: 'custom', message: `kid "${kid}" is named more than once` });
    } else {
      keys.push({ kid, secret });
    }
  });
  return keys;
});

/** `free:1,pro:5,studio:20` → `{free: 1, pro: 5, studio: 20}`, every tier required. */
const tierLimits = z.string().transform((value, ctx) => {
  const limits: Partial<Record<(typeof tiers)[number], number>> = {};
  for (const pair of value.split(',')) {
    const [tier, count] = pair.split(':').map((part) => part.trim());
    const parsed = Number(count);
    if (!tiers.includes(tier as (typeof tiers)[number]) || !Number.isInteger(parsed) || parsed < 0) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not "tier:count" with tier one of ${tiers.join(', ')}` });
      return z.NEVER;
    }
    limits[tier as (typeof tiers)[number]] = parsed;
  }
  for (const tier of tiers) {
    if (limits[tier] === undefined) {
      ctx.addIssue({ code: 'custom', message: `missing the limit of tier "${tier}"` });
      return z.NEVER;
    }
  }
  return limits as Record<(typeof tiers)[number], number>;
});

/** The environment, as strings, validated setting by setting (issue paths are the variable names). */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']),
  HOST: z.string().min(1),
  PORT: int(0, 65535),
  SERVICE_PROCESSES: z.union([z.literal('auto'), int(1, 64)]),
  HTTP_FAST_PATH: bool,
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.string().min(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  CORS_ORIGINS: csv,
  TRUST_PROXY: z.string(),
  MONGODB_URI: z.union([z.literal(''), z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb://')]),
  MONGODB_DB_NAME: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only'),
  REDIS_URL: z.union([z.literal(''), z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')]),
  REDIS_SERVER_BIN: z.string().min(1),
  REDIS_KEY_PREFIX: z.string(),
  JWT_SECRET: z.string().min(JWT_KEY_MIN_LENGTH, `must be at least ${JWT_KEY_MIN_LENGTH} characters`),
  JWT_KEY_ID: z.string().min(1).max(32),
  JWT_PREVIOUS_SECRETS: jwtKeyPairs,
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  ACCESS_TOKEN_TTL_SECONDS: int(30, 86_400),
  REFRESH_TOKEN_TTL_DAYS: int(1, 365),
  AUTH_USER_CACHE_MS: int(0, 3_600_000),
  ENCRYPTION_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  BCRYPT_COST: int(4, 15),
  ADMIN_EMAILS: csv.transform((emails) => emails.map((email) => email.toLowerCase())),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']),
  AUTH_RATE_LIMIT_PER_IP: rateLimit,
  AUTH_RATE_LIMIT_PER_ACCOUNT: rateLimit,
  LOGIN_MAX_FAILURES: int(1, 1000),
  LOGIN_LOCK_SECONDS: int(1, 86_400),
  SMTP_URL: z.union([z.literal(''), z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')]),
  EMAIL_FROM: z.string().min(3),
  STORAGE_DRIVER: z.enum(['local', 's3']),
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string(),
  S3_BUCKET: z.string(),
  S3_PUBLIC_URL: optionalUrl,
  S3_SIGNING_ENDPOINT: optionalUrl,
  STORAGE_SIGNED_URLS: z.enum(['auto', 'true', 'false']),
  STORAGE_SIGNED_URL_SECONDS: int(60, 86_400),
  S3_ACCESS_KEY_ID: z.string(),
  S3_SECRET_ACCESS_KEY: z.string(),
  STORAGE_ORPHAN_GRACE_SECONDS: int(1, 30 * 86_400),
  STORAGE_ORPHAN_SWEEP_SECONDS: int(1, 7 * 86_400),
  UPLOAD_MAX_BYTES: int(1024, 100 * 1024 * 1024),
  BRAND_KIT_LIMITS: tierLimits,
  MONTHLY_ASSET_LIMITS: tierLimits,
  GENERATION_REQUESTS_PER_MINUTE: int(1, 10_000),
  ASSET_DELETE_GRACE_SECONDS: int(0, 30 * 86_400),
  READ_CACHE_SECONDS: int(0, 86_400),
  METRICS_TOKEN: z.union([z.literal(''), z.string().min(16, 'must be at least 16 characters')]),
  METRICS_PORT: z.union([z.literal(''), int(1, 65535)]),
  METRICS_HOST: z.string().min(1),
  RUN_WORKER: bool,
  WORKER_CONCURRENCY: int(1, 64),
  JOB_MAX_RETRIES: int(0, 20),
  JOB_RETRY_BASE_MS: int(10, 3_600_000),
  JOB_LOCK_LIFETIME_MS: int(1000, 3_600_000),
  OPENAI_API_KEY: z.string(),
  OPENAI_BASE_URL: z.url(),
  OPENAI_IMAGE_MODEL: z.string().min(1),
  OPENAI_TIMEOUT_MS: int(100, 600_000),
  RENDER_THREADS: int(0, 16),
  COACH_LLM_BASE_URL: optionalUrl,
  COACH_LLM_API_KEY: z.string(),
  COACH_LLM_MODEL: z.string().min(1),
  COACH_SESSION_TTL_SECONDS: int(1, 86_400 * 7),
  COACH_MAX_TURNS: int(1, 100),
  COACH_MAX_CONCURRENT_STREAMS: int(1, 100),
  COACH_SESSIONS_PER_HOUR: int(1, 100_000),
  COACH_MESSAGES_PER_MINUTE: int(1, 100_000),
  COACH_LLM_TIMEOUT_MS: int(100, 600_000),
  COACH_OFFLINE_TOKEN_DELAY_MS: int(0, 1000),
  ANALYTICS_MAX_EVENTS: int(100, 10_000_000),
  ANALYTICS_FLUSH_INTERVAL: z.string().min(1),
  ANALYTICS_RATE_LIMIT_ANONYMOUS: int(1, 10_000_000),
  ANALYTICS_RATE_LIMIT_USER: int(1, 10_000_000),
  TWITCH_CLIENT_ID: z.string(),
  TWITCH_CLIENT_SECRET: z.string(),
  TWITCH_AUTH_BASE_URL: z.url(),
  TWITCH_HELIX_BASE_URL: z.url(),
  TWITCH_CHAT_URL: z.url().regex(/^wss?:\/\//, 'must start with ws:// or wss://'),
  TWITCH_SIMULATED: z.enum(['auto', 'true', 'false']),
  TWITCH_SIMULATED_PORT: int(0, 65535),
  TWITCH_EVENTSUB_SECRET: z.string().min(10).max(100),
  TWITCH_EXTENSION_CLIENT_ID: z.string().regex(/^[a-z0-9]*$/, 'lower-case letters and digits only'),
  TWITCH_EXTENSION_SECRET: z.string().regex(base64, 'must be base64 (as Twitch shows it)'),
  TWITCH_EXTENSION_PREVIOUS_SECRETS: csv.pipe(
    z.array(z.string().regex(base64, 'each must be base64 (as Twitch shows it)')),
  ),
  EXTENSION_RATE_LIMIT_PER_VIEWER: rateLimit,
  TWITCH_EXTENSION_OWNER_ID: z.string().regex(/^\d{0,20}$/, 'must be a Twitch user id (digits)'),
  EXTENSION_RATE_LIMIT_PER_IP: rateLimit,
  EXTENSION_RATE_LIMIT_PER_CHANNEL: rateLimit,
  EXTENSION_CACHE_SECONDS: int(0, 3600),
  CHAT_BOT_TRANSPORT: z.enum(['auto', 'eventsub', 'irc']),
  CHAT_BOT_IN_PROCESS: z.enum(['auto', 'false']),
  BOT_SERVICE_URL: z.union([z.literal(''), z.url()]),
  BOT_SERVICE_CREDENTIAL: z.string(),
  BOT_LEASE_SECONDS: int(2, 600),
});

export type Environment = z.infer<typeof environmentSchema>;
