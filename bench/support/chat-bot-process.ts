/**
 * One chat bot process for the chat bot benchmark, so the bot and the service do not share an event
 * loop. Its options come as JSON in BENCH_BOT_OPTIONS; the benchmark talks to it over IPC:
 * `{ kind: 'profile-start' }`, `{ kind: 'profile-stop', file }` (answered `profiled`), `{ kind: 'stop' }`.
 */
import { pino } from 'pino';
import { AuraStreamBot, type AuraStreamBotOptions } from '@aurastream/bot';
import { startCpuProfile, type WindowProfiler } from './cpu-profiler';

type Message = { kind: 'profile-start' } | { kind: 'profile-stop'; file: string } | { kind: 'stop' };

const send = (message: object) => process.send?.(message);

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_BOT_OPTIONS ?? '{}') as Omit<AuraStreamBotOptions, 'logger'>;
  const bot = new AuraStreamBot({ ...options, logger: pino({ level: 'warn' }) });
  let profiler: WindowProfiler | null = null;
  process.on('message', (message: Message) => {
    const handled = (async () => {
      switch (message.kind) {
        case 'profile-start':
          profiler = await startCpuProfile();
          return;
        case 'profile-stop':
          await profiler?.stop(message.file);
          profiler = null;
          send({ kind: 'profiled' });
          return;
        case 'stop':
          await bot.stop();
          process.exit(0);
      }
    })();
    handled.catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  });
  await bot.start();
  send({ kind: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
