import path from 'node:path';
import { startFakeTwitch } from '../fake-twitch';
import {
  fixturesFileName,
  readFakeTwitchRuntime,
  removeFakeTwitchRuntime,
  writeFakeTwitchRuntime,
} from '../runtime-file';
import { seededLogins } from '../seed';

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** `npm run twitch:fake`: a fake Twitch for a person, on loopback, until Ctrl+C. */
export async function serve(options: { port: number; dataDir: string }): Promise<void> {
  const running = readFakeTwitchRuntime(options.dataDir);
  if (running) {
    throw new Error(`A fake Twitch already runs on ${options.dataDir} at ${running.url} (process ${running.pid})`);
  }
  const dataFile = path.join(options.dataDir, fixturesFileName);
  const twitch = await startFakeTwitch({ consent: 'page', seed: true, port: options.port, dataFile });
  const settings = { ...twitch.serviceEnv, TWITCH_EXTENSION_CLIENT_ID: twitch.extension.clientId };
  writeFakeTwitchRuntime(options.dataDir, { url: twitch.url, pid: process.pid, settings });
  print('');
  print(`  Fake Twitch is running at ${twitch.url} (accounts, rewards and grants kept in ${dataFile})`);
  print('');
  print('  Point a service at it with these settings:');
  for (const [name, value] of Object.entries(settings)) {
    print(`    ${name}=${value}`);
  }
  print(`    TWITCH_EXTENSION_SECRET=${twitch.extension.secret}`);
  print('');
  print(`  Streamers: ${seededLogins.affiliate} (affiliate), ${seededLogins.nonAffiliate} (no channel points)`);
  print(
    `  Viewers:   ${seededLogins.moderator} (moderator), ${seededLogins.vip} (VIP), ${seededLogins.subscriber} (subscriber), ${seededLogins.viewer}; bot: ${seededLogins.bot}`,
  );
  print('');
  print('  In another terminal:');
  print(
    `    npm run twitch:fake -- redeem --channel ${seededLogins.affiliate} --viewer ${seededLogins.moderator} --text "a cat"`,
  );
  print(
    `    npm run twitch:fake -- chat --channel ${seededLogins.affiliate} --viewer ${seededLogins.vip} --text "!aura idea a cat"`,
  );
  print('    npm run twitch:fake -- help');
  print('');
  const stop = () => {
    removeFakeTwitchRuntime(options.dataDir);
    void twitch.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
