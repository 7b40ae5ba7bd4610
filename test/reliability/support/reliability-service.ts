/**
 * The services the reliability suite runs: real services (startTestService) with known secrets, limits
 * raised so thousands of requests are judged on their merits rather than rate-limited, and captured
 * logs. Stopping one greps everything it logged for every configured secret and every credential the
 * suite issued or forged, and fails if any is there.
 */
import { randomBytes } from 'node:crypto';
import { settings, type SettingName } from '@aurastream/config';
import { startTestService, type TestService, type TestServiceOptions } from '@aurastream/service/testing';

/** Secrets every reliability service runs with, so the suite knows what must never be seen. */
export function suiteSecrets(): Record<string, string> {
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_PREVIOUS_SECRETS: `k0:${randomBytes(32).toString('hex')}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    TWITCH_EXTENSION_SECRET: randomBytes(32).toString('base64'),
    TWITCH_EXTENSION_PREVIOUS_SECRETS: randomBytes(32).toString('base64'),
    TWITCH_EVENTSUB_SECRET: randomBytes(20).toString('hex'),
    S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
  };
}

/** Limits high enough that the suite's volume is never what a request is refused for. */
export const generousLimits: Record<string, string> = {
  AUTH_RATE_LIMIT_PER_IP: '1000000/60',
  AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000/60',
  LOGIN_MAX_FAILURES: '1000',
  GENERATION_REQUESTS_PER_MINUTE: '10000',
  MONTHLY_ASSET_LIMITS: 'free:100000,pro:100000,studio:100000',
  ANALYTICS_RATE_LIMIT_ANONYMOUS: '1000000',
  ANALYTICS_RATE_LIMIT_USER: '1000000',
  EXTENSION_RATE_LIMIT_PER_VIEWER: '1000000/60',
  EXTENSION_RATE_LIMIT_PER_IP: '1000000/60',
  EXTENSION_RATE_LIMIT_PER_CHANNEL: '1000000/60',
  COACH_SESSIONS_PER_HOUR: '100000',
  COACH_MESSAGES_PER_MINUTE: '100000',
  COACH_MAX_CONCURRENT_STREAMS: '100',
  COACH_OFFLINE_TOKEN_DELAY_MS: '0',
};

/** Credentials seen during the run (tokens, service credentials, forged tokens): none may be logged. */
const credentials = new Set<string>();

/** Remembers a credential the suite issued, received or forged, so no log may hold it. */
export function watchCredential(value: string | null | undefined): void {
  if (value && value.length >= 16) {
    credentials.add(value.replace(/^(Bearer|Basic)\s+/i, ''));
  }
}

/** Remembers the credentials an answer carries (access and refresh tokens, a new service credential). */
export function watchCredentialsIn(body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  for (const match of text.matchAll(
    /"(?:access_token|refresh_token|accessToken|refreshToken|token|secret|credential)":"([^"]+)"/g,
  )) {
    watchCredential(match[1]);
  }
}

/** Shapes of a credential nobody registered: a JWT, a service credential. */
const credentialShapes = [/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/, /aura_svc_[\w-]{16,}/];

/** What a log text holds that it must not: configured secrets, watched credentials, credential shapes. */
export function leaksIn(text: string, env: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    const definition = settings[name as SettingName] as { secret?: boolean } | undefined;
    if (!definition?.secret || !value) {
      continue;
    }
    // a list setting may be logged as a whole or per entry
    for (const part of [value, ...value.split(/[,:]/)]) {
      if (part.length >= 16 && text.includes(part)) {
        leaks.push(`${name} (${part.slice(0, 6)}…)`);
      }
    }
  }
  for (const credential of credentials) {
    if (text.includes(credential)) {
      leaks.push(`a credential (${credential.slice(0, 12)}…)`);
    }
  }
  for (const shape of credentialShapes) {
    const found = shape.exec(text);
    if (found) {
      leaks.push(`a credential-shaped string (${found[0].slice(0, 16)}…)`);
    }
  }
  return [...new Set(leaks)];
}

export interface ReliabilityService extends TestService {
  /** The settings it runs with (secrets included). */
  env: Record<string, string>;
}

/**
 * A test service with the suite's secrets and limits, logging at `logLevel` into memory. Its
 * `stop()` fails when a secret or a credential reached its logs.
 */
export async function startReliabilityService(
  env: Record<string, string> = {},
  options: TestServiceOptions & { logLevel?: string } = {},
): Promise<ReliabilityService> {
  const allEnv = { ...suiteSecrets(), ...generousLimits, LOG_LEVEL: options.logLevel ?? 'info', ...env };
  const app = await startTestService(allEnv, { captureLogs: true });
  const stop = app.stop.bind(app);
  let checked = false;
  return Object.assign(app, {
    env: allEnv,
    async stop() {
      await stop();
      if (checked) {
        return;
      }
      checked = true;
      const leaks = leaksIn(app.logs?.text() ?? '', allEnv);
      if (leaks.length > 0) {
        throw new Error(`the service logged what it must never log: ${leaks.join('; ')}`);
      }
    },
  });
}
