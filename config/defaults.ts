/**
 * AuraStream's settings and their documented defaults. Every setting is an environment variable;
 * the value here applies when the variable is unset. The service validates the result once at
 * start-up (service/src/config) and stops with a message naming any bad setting.
 *
 * `secret` settings are never logged. In development a missing secret is generated once and kept in
 * `$DATA_DIR/secrets.json`; in production (`NODE_ENV=production`) it must be set.
 * `public` settings may be shown to a browser.
 */
export interface SettingDefinition {
  readonly default?: string;
  readonly description: string;
  readonly secret?: boolean;
  readonly public?: boolean;
  /** Generated in development when unset (secrets only). */
  readonly generated?: 'hex32' | 'base64key32';
  /** A generated secret production may leave unset: the feature using it then stays off. */
  readonly optionalInProduction?: boolean;
}

export const settings = {
  NODE_ENV: { default: 'development', description: '`development`, `test` or `production`.' },
  HOST: { default: '127.0.0.1', description: 'Interface the service listens on (`0.0.0.0` in containers).' },
  PORT: { default: '8080', description: 'HTTP port of the service (API, dashboard, extension, websockets).' },
  SERVICE_PROCESSES: {
    default: '1',
    description:
      'Service processes sharing the port (node:cluster), or `auto` for one per CPU. Above 1, a primary process keeps the embedded databases and restarts a process that dies; each process runs its own job worker (`RUN_WORKER`) and render threads; websockets skip the long-polling fallback, which would need sticky sessions.',
  },
  HTTP_FAST_PATH: {
    default: 'true',
    description:
      "Answer the hottest requests (`/health`, the public asset, the panel's reads and vote, the brand kit list, Twitch's EventSub deliveries) ahead of Express, with the same answers, headers, checks, metrics and logs: several times cheaper per request. `false` sends them through Express like every other request.",
  },
  PUBLIC_URL: {
    default: '',
    description:
      'Public origin of the service, used in e-mail links and OAuth redirects. Defaults to `http://localhost:$PORT`.',
    public: true,
  },
  DATA_DIR: {
    default: './data',
    description:
      'Folder for everything the embedded defaults keep: database, Redis, uploads, outbox, generated secrets.',
  },
  LOG_LEVEL: {
    default: 'info',
    description: 'pino log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`.',
  },
  CORS_ORIGINS: {
    default: '',
    description: 'Comma-separated origins allowed to call the API from a browser (besides the service itself).',
  },
  TRUST_PROXY: {
    default: 'false',
    description: 'Express `trust proxy` setting (`true`, a hop count or a subnet list).',
  },

  MONGODB_URI: {
    default: '',
    description: 'MongoDB connection string. Unset: the embedded MongoDB-compatible server runs on a free local port.',
    secret: true,
  },
  MONGODB_DB_NAME: { default: 'aurastream', description: 'Database name when `MONGODB_URI` names none.' },
  REDIS_URL: {
    default: '',
    description: 'Redis URL. Unset: a private `redis-server` child process runs with its data under `DATA_DIR`.',
    secret: true,
  },
  REDIS_SERVER_BIN: {
    default: 'redis-server',
    description: 'Path of the `redis-server` binary for the embedded Redis.',
  },
  REDIS_KEY_PREFIX: { default: 'aura:', description: 'Prefix of every Redis key.' },

  JWT_SECRET: {
    description: 'HMAC secret signing access tokens (at least 32 characters).',
    secret: true,
    generated: 'hex32',
  },
  JWT_KEY_ID: { default: 'k1', description: 'Key id (`kid`) of `JWT_SECRET`, so keys can rotate.' },
  JWT_PREVIOUS_SECRETS: {
    default: '',
    description:
      'Comma-separated `kid:secret` pairs still accepted for verification during a key rotation. Each key at least 32 characters, each kid once and none equal to `JWT_KEY_ID`.',
    secret: true,
  },
  JWT_ISSUER: { default: 'aurastream', description: 'Issuer (`iss`) of access tokens.' },
  JWT_AUDIENCE: { default: 'aurastream-api', description: 'Audience (`aud`) of access tokens.' },
  ACCESS_TOKEN_TTL_SECONDS: { default: '900', description: 'Lifetime of an access token.' },
  REFRESH_TOKEN_TTL_DAYS: { default: '30', description: 'Lifetime of a refresh token family.' },
  AUTH_USER_CACHE_MS: {
    default: '30000',
    description:
      'How long a service instance may reuse an account it read to check a token. Changes made through the API or `npm run admin` reach every instance at once (Redis pub/sub); this bounds how long changes made beside them (editing the database) take to apply. `0` reads the account on every request.',
  },
  ENCRYPTION_KEY: {
    description: 'Base64 32-byte key (AES-256-GCM) encrypting stored platform tokens.',
    secret: true,
    generated: 'base64key32',
  },
  BCRYPT_COST: { default: '12', description: 'bcrypt cost factor for passwords.' },
  ADMIN_EMAILS: {
    default: '',
    description:
      'Comma-separated e-mails whose accounts get the `admin` role once the address is verified (the e-mailed link, a password reset, or Twitch vouching for it). The role goes when the address changes, is no longer verified or leaves this list (applied at start). Every role change is audited (`audit_log`, `npm run admin -- audit <email>`).',
  },
  COOKIE_SECURE: {
    default: 'auto',
    description: '`true`, `false` or `auto` (Secure cookies when `PUBLIC_URL` is https).',
  },
  AUTH_RATE_LIMIT_PER_IP: {
    default: '30/60',
    description:
      '`requests/seconds` one IP address may make to each of sign-in, sign-up, refresh, password reset and verification requests.',
  },
  AUTH_RATE_LIMIT_PER_ACCOUNT: {
    default: '10/900',
    description:
      '`requests/seconds` per account (e-mail address or user) for sign-up, password reset and verification requests, and per account and client (IP address) for sign-in; refreshes get six times as many.',
  },
  LOGIN_MAX_FAILURES: {
    default: '5',
    description:
      "Failed sign-ins in a row (within 15 minutes) from one client (IP address; an IPv6 /64) that lock that client out of the account's password sign-in. Other clients still sign in; the owner is e-mailed a link that lifts the lock.",
  },
  LOGIN_LOCK_SECONDS: {
    default: '300',
    description: 'How long a sign-in lock lasts (at most one unlock e-mail per account in this time).',
  },

  SMTP_URL: {
    default: '',
    description:
      'SMTP connection URL (e.g. `smtps://user:pass@smtp.example.com`). Unset: mail goes to `$DATA_DIR/outbox` as `.eml` files.',
    secret: true,
  },
  EMAIL_FROM: { default: 'AuraStream <no-reply@aurastream.local>', description: 'Sender of e-mails.' },

  STORAGE_DRIVER: { default: 'local', description: '`local` (files under `$DATA_DIR/files`) or `s3`.' },
  S3_ENDPOINT: { default: '', description: 'S3-compatible endpoint URL (MinIO, R2, …); empty for AWS.' },
  S3_REGION: { default: 'us-east-1', description: 'S3 region.' },
  S3_BUCKET: { default: '', description: 'S3 bucket for uploads and generated assets.' },
  S3_PUBLIC_URL: {
    default: '',
    description:
      "Public origin files load from with `STORAGE_DRIVER=s3` and unsigned URLs (a CDN, say). Empty: the bucket's own URL (objects must then be publicly readable). Unused with signed URLs.",
  },
  S3_SIGNING_ENDPOINT: {
    default: '',
    description:
      'The S3 endpoint as browsers reach it, for signed URLs (path-style), when `S3_ENDPOINT` is a name only the service resolves (`http://minio:9000` in docker compose). Empty: `S3_ENDPOINT` (or AWS).',
  },
  S3_ACCESS_KEY_ID: { default: '', description: 'S3 access key id.', secret: true },
  S3_SECRET_ACCESS_KEY: { default: '', description: 'S3 secret access key.', secret: true },
  STORAGE_SIGNED_URLS: {
    default: 'auto',
    description:
      "`auto`, `true` or `false` (`true` needs `STORAGE_DRIVER=s3`). Browsers load files straight from the bucket through signed URLs that expire (`STORAGE_SIGNED_URL_SECONDS`), so the bucket stays private and the service streams no image: file URLs point at the service's `/files/<key>`, which redirects to a freshly signed URL, and the public asset image endpoint redirects likewise. `auto`: on with `s3`.",
  },
  STORAGE_SIGNED_URL_SECONDS: {
    default: '3600',
    description:
      'How long a signed file URL works (60–86400 s). URLs are signed for fixed windows, so the same file keeps the same URL (and browser cache) for a while: each URL handed out works for at least this long and at most half as long again.',
  },
  STORAGE_ORPHAN_GRACE_SECONDS: {
    default: '86400',
    description:
      'How old a stored file no row refers to must be before the orphan-file sweep removes it (1 s–30 days). A file is written before its row, so a younger one may belong to a write in flight on any instance, or to a job that will be retried; keep it well above the longest a generation job can take with its retries.',
  },
  STORAGE_ORPHAN_SWEEP_SECONDS: {
    default: '21600',
    description:
      'How often the orphan-file sweep runs (1 s–7 days); it also runs once at each start. It lists the store (the local folder or the bucket, by prefix, a page at a time) and removes the files no asset or brand kit logo refers to that are older than `STORAGE_ORPHAN_GRACE_SECONDS`: those a crash left between writing a file and its row. Instances take turns through a lease in Redis.',
  },
  UPLOAD_MAX_BYTES: { default: '10485760', description: 'Largest accepted upload (logos), in bytes.' },

  BRAND_KIT_LIMITS: { default: 'free:1,pro:5,studio:20', description: 'Brand kits allowed per tier.' },
  MONTHLY_ASSET_LIMITS: {
    default: 'free:20,pro:200,studio:1000',
    description: 'Assets a user may generate per calendar month, per tier.',
  },
  GENERATION_REQUESTS_PER_MINUTE: {
    default: '30',
    description:
      'Generation requests (single, Twitch or pack) one user may queue per minute; the monthly limit caps how many assets.',
  },
  READ_CACHE_SECONDS: {
    default: '300',
    description:
      "How long the shared read cache in Redis keeps a public asset's answer and a streamer's brand kit list. A change made through the service shows at once on every instance; this bounds what a change made beside it (editing the database) leaves behind. `0` turns the cache off.",
  },
  ASSET_DELETE_GRACE_SECONDS: {
    default: '60',
    description: "How long a deleted asset can be restored (the dashboard's undo) before its row and file are removed.",
  },

  METRICS_TOKEN: {
    default: '',
    description:
      'Bearer token Prometheus sends to read `/metrics` on the service port (`Authorization: Bearer …`); also required on `METRICS_PORT` when set. In production without it, the service port has no `/metrics`.',
    secret: true,
    generated: 'hex32',
    optionalInProduction: true,
  },
  METRICS_PORT: {
    default: '',
    description:
      'A port of its own serving only `/metrics`, on `METRICS_HOST` (for a network only Prometheus reaches). `npm run worker` serves its metrics only there. With `SERVICE_PROCESSES` > 1 the primary serves the sum of its processes. Empty: none.',
  },
  METRICS_HOST: {
    default: '127.0.0.1',
    description: 'Interface of `METRICS_PORT` (`0.0.0.0` in containers, on a network not published).',
  },

  RUN_WORKER: {
    default: 'true',
    description: 'Run the job worker inside the service process (`false` when `npm run worker` runs separately).',
  },
  WORKER_CONCURRENCY: { default: '4', description: 'Generation jobs one worker runs at once.' },
  JOB_MAX_RETRIES: {
    default: '3',
    description:
      'Retries of a failing job (a generation, an account e-mail, a purge) before it gives up; a generation then ends `failed`.',
  },
  JOB_RETRY_BASE_MS: { default: '2000', description: 'First retry delay; doubles on every retry.' },
  JOB_LOCK_LIFETIME_MS: {
    default: '120000',
    description: 'How long a worker holds a job before another worker may take it over (crash recovery).',
  },

  OPENAI_API_KEY: {
    default: '',
    description:
      'OpenAI (or compatible) API key. Set: images are made by `OPENAI_IMAGE_MODEL`; unset: the built-in renderer.',
    secret: true,
  },
  OPENAI_BASE_URL: {
    default: 'https://api.openai.com/v1',
    description: 'Base URL of the OpenAI-compatible image API.',
  },
  OPENAI_IMAGE_MODEL: { default: 'gpt-image-1', description: 'Image model.' },
  OPENAI_TIMEOUT_MS: { default: '60000', description: 'Timeout of one OpenAI request.' },
  RENDER_THREADS: {
    default: '2',
    description:
      'Worker threads the built-in renderer draws on (keeps the event loop free); `0` draws on the main thread.',
  },

  COACH_LLM_BASE_URL: {
    default: '',
    description:
      'OpenAI-compatible chat-completions base URL for the Prompt Coach (OpenAI, Ollama, vLLM). Unset: the offline coach.',
  },
  COACH_LLM_API_KEY: { default: '', description: 'API key for `COACH_LLM_BASE_URL`.', secret: true },
  COACH_LLM_MODEL: { default: 'gpt-4o-mini', description: 'Chat model of the Prompt Coach.' },
  COACH_SESSION_TTL_SECONDS: { default: '3600', description: 'Idle lifetime of a coach session.' },
  COACH_MAX_TURNS: { default: '10', description: 'Messages a streamer may send in one coach session.' },
  COACH_MAX_CONCURRENT_STREAMS: { default: '3', description: 'Open coach streams per user.' },
  COACH_SESSIONS_PER_HOUR: { default: '30', description: 'Coach sessions a user may start per hour.' },
  COACH_MESSAGES_PER_MINUTE: { default: '20', description: 'Coach messages a user may send per minute.' },
  COACH_LLM_TIMEOUT_MS: {
    default: '60000',
    description: 'Longest wait for the coach LLM to start answering (and between streamed tokens).',
  },
  COACH_OFFLINE_TOKEN_DELAY_MS: {
    default: '12',
    description: 'Pause between the words the offline coach streams (a readable typing pace); 0 sends them at once.',
  },

  ANALYTICS_MAX_EVENTS: { default: '100000', description: 'Cap of raw analytics events kept in Redis.' },
  ANALYTICS_FLUSH_INTERVAL: { default: '1 hour', description: 'How often analytics are flushed to MongoDB.' },
  ANALYTICS_RATE_LIMIT_ANONYMOUS: {
    default: '120',
    description:
      'Event batches per minute accepted from one IP address without a signed-in user (visitors, extension viewers).',
  },
  ANALYTICS_RATE_LIMIT_USER: {
    default: '600',
    description: 'Event batches per minute accepted from one signed-in user.',
  },

  TWITCH_CLIENT_ID: { default: '', description: 'Twitch application client id.', public: true },
  TWITCH_CLIENT_SECRET: { default: '', description: 'Twitch application client secret.', secret: true },
  TWITCH_AUTH_BASE_URL: {
    default: 'https://id.twitch.tv/oauth2',
    description:
      "Twitch OAuth base URL: Twitch's, or a Twitch CLI mock's `http://localhost:<port>/auth` (twurple reaches no other; the service then sets `TWURPLE_MOCK_API_PORT`).",
  },
  TWITCH_HELIX_BASE_URL: {
    default: 'https://api.twitch.tv/helix',
    description:
      "Twitch Helix API base URL: Twitch's, or a Twitch CLI mock's `http://localhost:<port>/mock` on the same port as `TWITCH_AUTH_BASE_URL`.",
  },
  TWITCH_CHAT_URL: {
    default: 'wss://irc-ws.chat.twitch.tv:443',
    description:
      "Twitch chat (IRC over WebSocket) for the bot's ChatClient: Twitch's, or a fake's `ws://127.0.0.1:<port>`.",
  },
  TWITCH_SIMULATED: {
    default: 'auto',
    description:
      '`auto`, `true` or `false`. A simulated Twitch (the fake Twitch of `npm run twitch:fake`, with fake streamers and viewers) runs inside `npm start` and the Twitch settings point at it; `auto`: in development when `TWITCH_CLIENT_ID` is unset. Never in production.',
  },
  TWITCH_SIMULATED_PORT: {
    default: '0',
    description: 'Port of the simulated Twitch on 127.0.0.1 (`0`: a free port, shown at start).',
  },
  TWITCH_EVENTSUB_SECRET: {
    description: 'Secret Twitch signs EventSub notifications with (10–100 characters).',
    secret: true,
    generated: 'hex32',
  },
  TWITCH_EXTENSION_CLIENT_ID: { default: '', description: 'Client id of the panel extension.', public: true },
  TWITCH_EXTENSION_SECRET: {
    default: '',
    description:
      "Base64 shared secret of the panel extension (verifies viewers' extension JWTs). Development generates one and `POST /api/v1/extension/dev-token` signs test tokens with it; production without it refuses every viewer.",
    secret: true,
    generated: 'base64key32',
    optionalInProduction: true,
  },
  TWITCH_EXTENSION_PREVIOUS_SECRETS: {
    default: '',
    description:
      "Comma-separated base64 extension secrets still accepted for viewers' JWTs after a rotation in Twitch's developer console, so no viewer is locked out while Twitch hands out tokens signed with the new `TWITCH_EXTENSION_SECRET`.",
    secret: true,
  },
  TWITCH_EXTENSION_OWNER_ID: {
    default: '',
    description:
      "Twitch user id of the extension's owner (the developer console's account), sent as `user_id` in the JWTs the service signs for Helix. Extension PubSub itself needs `TWITCH_EXTENSION_CLIENT_ID` and Twitch's own `TWITCH_EXTENSION_SECRET`: with them the service sends channels' live events to their panels through Extension PubSub; without them the panel reads `GET /api/v1/extension/live` (server-sent events) instead.",
  },
  EXTENSION_RATE_LIMIT_PER_VIEWER: {
    default: '30/60',
    description:
      '`requests/seconds` one extension viewer (Twitch opaque user id) may make to the extension endpoints (reads, votes and suggestions together).',
  },
  EXTENSION_RATE_LIMIT_PER_CHANNEL: {
    default: '20000/60',
    description:
      "`requests/seconds` all viewers of one channel may make to the extension's endpoints together (a raid's worth; beyond it the channel's panels wait).",
  },
  EXTENSION_RATE_LIMIT_PER_IP: {
    default: '300/60',
    description:
      '`requests/seconds` one IP address may make to the extension endpoints (viewers behind one NAT share it).',
  },
  EXTENSION_CACHE_SECONDS: {
    default: '30',
    description:
      "How long a channel's panel showcase and ideas list stay cached in Redis (a raid's viewers open the panel at once; the ideas list is also dropped on every change of the channel's ideas); `0` turns both caches off.",
  },

  CHAT_BOT_TRANSPORT: {
    default: 'auto',
    description:
      "How chat reaches the bot: `eventsub` (`channel.chat.message` to the EventSub webhook, replies through Helix as the app with Twitch's chat-bot badge; needs a public HTTPS `PUBLIC_URL`), `irc` (Twitch chat over IRC, no inbound URL), or `auto`: `eventsub` when `PUBLIC_URL` is https, else `irc`.",
  },
  CHAT_BOT_IN_PROCESS: {
    default: 'auto',
    description:
      '`npm start` runs the chat bot beside the service (as a child process, with a service credential made for it at start): `auto` whenever Twitch is configured (the simulated Twitch included), `false` when the bot runs on its own (`npm run bot`, its own docker-compose service).',
  },
  BOT_SERVICE_URL: {
    default: '',
    description: 'Where `npm run bot` reaches the service API. Defaults to `http://localhost:$PORT`.',
  },
  BOT_SERVICE_CREDENTIAL: {
    default: '',
    description:
      "The bot's service credential (`aura_svc_…`, from `npm run admin -- create-service-credential chat-bot`), scoped to the channels that turned the bot on.",
    secret: true,
  },
  BOT_LEASE_SECONDS: {
    default: '30',
    description:
      "How long a bot process's lease on a channel lasts without renewal: another process takes over the channels of one that died within about this long.",
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof settings;
