import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * While a fake Twitch runs on a data folder (`npm run twitch:fake`, or inside `npm start`), it
 * records where in `$DATA_DIR/fake-twitch-runtime.json`, so the CLI's commands, `npm run worker`
 * and a second `npm start` find it instead of starting another.
 */
export interface FakeTwitchRuntime {
  url: string;
  pid: number;
  /** The settings pointing a service at it (`TWITCH_CLIENT_ID`, base URLs, `TWITCH_CHAT_URL`, …). */
  settings: Record<string, string>;
}

export const fixturesFileName = 'fake-twitch.json';
const runtimeFileName = 'fake-twitch-runtime.json';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function writeFakeTwitchRuntime(dataDir: string, runtime: FakeTwitchRuntime): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, runtimeFileName), `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

/** The running fake of this data folder, or null when none runs. */
export function readFakeTwitchRuntime(dataDir: string): FakeTwitchRuntime | null {
  const file = path.join(dataDir, runtimeFileName);
  if (!existsSync(file)) {
    return null;
  }
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as FakeTwitchRuntime;
  return processAlive(runtime.pid) ? runtime : null;
}

/** Removes the record if it is this process's. */
export function removeFakeTwitchRuntime(dataDir: string): void {
  const file = path.join(dataDir, runtimeFileName);
  if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as FakeTwitchRuntime).pid === process.pid) {
    rmSync(file, { force: true });
  }
}
