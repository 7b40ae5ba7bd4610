import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { settings } from '@aurastream/config';

/** What `npm run bot` needs, from the same settings as the service (config/defaults.ts). */
export interface BotConfig {
  serviceUrl: string;
  credential: string;
  redisUrl: string;
  keyPrefix: string;
  twitch: { clientId: string; clientSecret: string; chatUrl: string; authBaseUrl: string; helixBaseUrl: string };
  leaseMs: number;
  logLevel: string;
}

export class BotConfigError extends Error {
  override readonly name = 'BotConfigError';
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535),
  DATA_DIR: z.string().min(1),
  LOG_LEVEL: z.string(),
  REDIS_URL: z.string(),
  REDIS_KEY_PREFIX: z.string(),
  BOT_SERVICE_URL: z.union([z.literal(''), z.url()]),
  BOT_SERVICE_CREDENTIAL: z.string().startsWith('aura_svc_', 'must be a service credential (aura_svc_…)'),
  BOT_LEASE_SECONDS: z.coerce.number().int().min(2).max(600),
  TWITCH_CLIENT_ID: z.string(),
  TWITCH_CLIENT_SECRET: z.string(),
  TWITCH_CHAT_URL: z.string().regex(/^wss?:\/\//u, 'must start with ws:// or wss://'),
  TWITCH_AUTH_BASE_URL: z.url(),
  TWITCH_HELIX_BASE_URL: z.url(),
});
type Names = keyof z.infer<typeof schema>;

/** A JSON file the service (or the simulated Twitch) writes in DATA_DIR while it runs, if its process lives. */
function runningFile<T extends { pid: number }>(dataDir: string, name: string): T | null {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) {
    return null;
  }
  const content = JSON.parse(readFileSync(file, 'utf8')) as T;
  try {
    process.kill(content.pid, 0);
    return content;
  } catch {
    return null;
  }
}

/**
 * Reads the settings once, naming every bad one. In development the embedded Redis and the
 * simulated Twitch of a service running on the same DATA_DIR are found through its runtime files.
 */
export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(schema.shape) as Names[]) {
    raw[name] = env[name] ?? (settings[name] as { default?: string }).default;
  }
  const dataDir = raw.DATA_DIR ?? './data';
  if (!raw.REDIS_URL) {
    raw.REDIS_URL = runningFile<{ pid: number; redis_url: string }>(dataDir, 'runtime.json')?.redis_url ?? '';
  }
  if (!raw.TWITCH_CLIENT_ID) {
    const simulated = runningFile<{ pid: number; settings: Record<string, string> }>(
      dataDir,
      'fake-twitch-runtime.json',
    );
    Object.assign(raw, simulated?.settings ?? {});
  }
  const parsed = schema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (parsed.success && !parsed.data.REDIS_URL) {
    problems.push('REDIS_URL: set it, or start the service on this DATA_DIR first (its embedded Redis)');
  }
  if (parsed.success && !parsed.data.TWITCH_CLIENT_ID) {
    problems.push('TWITCH_CLIENT_ID: set the Twitch settings, or start the service with its simulated Twitch first');
  }
  if (!parsed.success || problems.length > 0) {
    throw new BotConfigError(`The bot's settings are invalid:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    serviceUrl: e.BOT_SERVICE_URL || `http://localhost:${e.PORT}`,
    credential: e.BOT_SERVICE_CREDENTIAL,
    redisUrl: e.REDIS_URL,
    keyPrefix: e.REDIS_KEY_PREFIX,
    twitch: {
      clientId: e.TWITCH_CLIENT_ID,
      clientSecret: e.TWITCH_CLIENT_SECRET,
      chatUrl: e.TWITCH_CHAT_URL,
      authBaseUrl: e.TWITCH_AUTH_BASE_URL.replace(/\/$/u, ''),
      helixBaseUrl: e.TWITCH_HELIX_BASE_URL.replace(/\/$/u, ''),
    },
    leaseMs: e.BOT_LEASE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
  };
}
