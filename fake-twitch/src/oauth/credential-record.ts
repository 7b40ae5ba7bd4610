import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

let preparedFolder: string | null = null;

/**
 * Writes a secret the fake holds or mints (an app's client secret, the extension secret, an
 * authorization code, an access or refresh token) as a JSON line to `FAKE_TWITCH_CREDENTIALS_FILE`
 * when that is set: a test run then scans every log it kept for them (`scripts/scan-test-logs.mjs`).
 */
export function recordCredential(kind: string, value: string): void {
  const file = process.env.FAKE_TWITCH_CREDENTIALS_FILE;
  if (!file) {
    return;
  }
  const folder = path.dirname(file);
  if (preparedFolder !== folder) {
    mkdirSync(folder, { recursive: true });
    preparedFolder = folder;
  }
  appendFileSync(file, `${JSON.stringify({ kind: `fake Twitch ${kind}`, value })}\n`);
}
