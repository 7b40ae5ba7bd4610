import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventSubSnapshot } from '../eventsub/eventsub';
import type { FakeTwitchApp, FakeTwitchExtension } from '../oauth/apps';
import type { TokenSnapshot } from '../oauth/tokens';
import type { RewardSnapshot } from './rewards';
import type { WorldSnapshot } from './world';

/** What survives a restart: accounts and their ids, apps, grants, rewards and subscriptions. */
export interface Fixtures {
  version: 1;
  apps: FakeTwitchApp[];
  extension: FakeTwitchExtension;
  world: WorldSnapshot;
  tokens: TokenSnapshot;
  rewards: RewardSnapshot;
  eventSub: EventSubSnapshot;
}

export function readFixtures(file: string): Fixtures | null {
  if (!existsSync(file)) {
    return null;
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Fixtures>;
  if (parsed.version !== 1) {
    throw new Error(`${file} is not a fake Twitch fixtures file (version 1)`);
  }
  return parsed as Fixtures;
}

/** Writes atomically (a temporary file renamed over the old one), so a crash never leaves half a file. */
export function writeFixtures(file: string, fixtures: Fixtures): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(fixtures, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
