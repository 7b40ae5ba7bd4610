import path from 'node:path';
import { recordTestSecrets, stopSharedInfrastructure, testLogDir, testSecretsDir } from '@aurastream/service/testing';

// Absolute, so the processes tests start (which inherit the environment) log and record there too.
process.env.TEST_LOG_DIR ??= testLogDir();
process.env.TEST_SECRETS_DIR ??= testSecretsDir();
// The fake Twitch writes every secret it mints here, for the scan of the run's logs (scripts/scan-test-logs.mjs).
process.env.FAKE_TWITCH_CREDENTIALS_FILE ??= path.join(testSecretsDir(), `fake-twitch-${process.pid}.jsonl`);

/** Body fields holding a password a test sends (sign-up, sign-in, password change and reset). */
const passwordField = /password/i;

/**
 * A password as a person would choose one, which no log line holds by chance. Hostile-input tests
 * also send a field's wrong values (a 200,000-letter string, a word of two letters) as a password,
 * and the common-password tests the word "password", which is in the URL of every password change.
 */
function looksLikePassword(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 8 &&
    value.length <= 1000 &&
    new Set(value).size >= 4 &&
    (/[^a-z]/i.test(value) || value.length >= 16)
  );
}

/**
 * Every password a test sends through fetch (its typed clients included) is recorded as a secret
 * of the run, so the scan proves no service ever logs one.
 */
function recordPasswordsSent(): void {
  const send = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    if (typeof init?.body === 'string' && init.body.includes('assword')) {
      try {
        const body = JSON.parse(init.body) as unknown;
        if (typeof body === 'object' && body !== null) {
          recordTestSecrets(
            'password',
            Object.entries(body as Record<string, unknown>)
              .filter(([name]) => passwordField.test(name))
              .map(([, value]) => value)
              .filter(looksLikePassword),
          );
        }
      } catch {
        // not JSON: nothing to record
      }
    }
    return send(input, init);
  };
}
recordPasswordsSent();

/** Root hooks: the shared MongoDB and Redis are stopped once, after every test file has run. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedInfrastructure();
  },
};
