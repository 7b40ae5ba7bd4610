import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';

/** The fake Twitch that development runs without Twitch credentials, and the settings aimed at it. */
export interface SimulatedTwitch {
  /** The fake's origin, e.g. `http://localhost:40123` (its index page lists the fake accounts). */
  url: string;
  /** `TWITCH_CLIENT_ID`, `TWITCH_CLIENT_SECRET`, the base URLs, `TWITCH_CHAT_URL`, `TWITCH_SIMULATED=true`, … */
  settings: Record<string, string>;
  /** Whether this process runs it (false: another process on this data folder does). */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * Development without Twitch credentials: runs the fake Twitch (`@aurastream/fake-twitch`) in this
 * process, with its consent page, fixtures kept in `$DATA_DIR/fake-twitch.json` (a person's fake
 * streamer keeps its id) and the sample accounts of `npm run twitch:fake`, or joins the one already
 * running on this data folder. The package is loaded only here, so production never loads it.
 */
export async function startSimulatedTwitch(config: Config, logger: Logger): Promise<SimulatedTwitch> {
  if (config.isProduction) {
    throw new Error('The simulated Twitch never runs in production');
  }
  const fake = await import('@aurastream/fake-twitch');
  const running = fake.readFakeTwitchRuntime(config.dataDir);
  if (running) {
    logger.info({ url: running.url }, 'using the simulated Twitch already running on this data folder');
    return { url: running.url, settings: running.settings, owned: false, stop: async () => undefined };
  }
  const twitch = await fake.startFakeTwitch({
    consent: 'page',
    seed: true,
    port: config.twitch.simulatedPort,
    dataFile: path.join(config.dataDir, fake.fixturesFileName),
    extension: {
      clientId: config.twitch.extensionClientId || undefined,
      secret: config.twitch.extensionSecret || undefined,
    },
  });
  const settings: Record<string, string> = {
    ...twitch.serviceEnv,
    TWITCH_SIMULATED: 'true',
    TWITCH_EXTENSION_CLIENT_ID: twitch.extension.clientId,
  };
  fake.writeFakeTwitchRuntime(config.dataDir, { url: twitch.url, pid: process.pid, settings });
  logger.info({ url: twitch.url }, 'simulated Twitch is running');
  return {
    url: twitch.url,
    settings,
    owned: true,
    async stop() {
      fake.removeFakeTwitchRuntime(config.dataDir);
      await twitch.stop();
    },
  };
}

/** The settings of the simulated Twitch a service runs on this data folder (for `npm run worker`), or null. */
export async function runningSimulatedTwitch(dataDir: string): Promise<Record<string, string> | null> {
  const fake = await import('@aurastream/fake-twitch');
  return fake.readFakeTwitchRuntime(dataDir)?.settings ?? null;
}
