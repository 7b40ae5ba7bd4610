import { spawn, type ChildProcess } from 'node:child_process';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Operator } from '../auth/principal';
import type { RunningService } from '../server';

/** The credential `npm start` makes for the bot it runs (the previous one is revoked). */
export const IN_PROCESS_BOT_CREDENTIAL_NAME = 'chat-bot (npm start)';
const RESTART_DELAY_MS = 2000;
const botMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bot/src/main.ts');

/**
 * `npm start` with Twitch configured (the simulated Twitch included): the chat bot runs as a child
 * process talking to this service like any bot process, with a fresh `bot_channels` credential
 * (the one of the previous start is revoked, as its secret is gone). Restarted if it exits.
 */
export async function startBotProcess(
  service: RunningService,
  twitchSettings: Record<string, string>,
): Promise<{ stop(): Promise<void> }> {
  const operator: Operator = { kind: 'operator', name: 'npm-start', account: userInfo().username };
  const credentials = service.container.apis.serviceCredentials;
  for (const old of (await credentials.list(operator)).items) {
    if (old.name === IN_PROCESS_BOT_CREDENTIAL_NAME && !old.revoked_at) {
      await credentials.revoke(operator, old.id);
    }
  }
  const { secret } = await credentials.create(operator, {
    name: IN_PROCESS_BOT_CREDENTIAL_NAME,
    scope: { kind: 'bot_channels' },
  });
  const env = {
    ...process.env,
    ...twitchSettings,
    REDIS_URL: service.infra.redisHandle.url,
    BOT_SERVICE_URL: service.url,
    BOT_SERVICE_CREDENTIAL: secret,
  };
  let child: ChildProcess | null = null;
  let stopping = false;
  const launch = () => {
    child = spawn(process.execPath, ['--import', 'tsx', botMain], { env, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      child = null;
      if (!stopping) {
        service.logger.warn({ code, signal }, 'the chat bot exited; restarting it');
        setTimeout(launch, RESTART_DELAY_MS).unref();
      }
    });
  };
  launch();
  service.logger.info('the chat bot runs beside the service');
  return {
    async stop() {
      stopping = true;
      const running = child;
      if (!running) {
        return;
      }
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
  };
}
