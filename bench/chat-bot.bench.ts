/**
 * Chat bot benchmark (issue 16): a chat command to the bot's acknowledgement through the fake
 * Twitch chat (IRC), p50/p95/p99 (target p95 < 100 ms for `idea`, one bot process and one service
 * process), and commands per second across 100 joined channels (target ≥ 500/s).
 *
 *   npx tsx bench/chat-bot.bench.ts
 *
 * The fake Twitch, the service and the bot run in this process (the bot and the service each with
 * their own connections), so the figures include their sharing one event loop. The bot uses a
 * verified bot's chat limits (7,500 per 30 s), since Twitch's ordinary 20 per 30 s would measure
 * the limit, not the bot; the limiter has its own tests. Writes bench/results/chat-bot.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { pino } from 'pino';
import { AuraStreamBot } from '@aurastream/bot';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, stopSharedInfrastructure } from '../service/src/testing/index';
import { botCredential, connectBotAccount, grantChatBotScopes } from '../test/chat-bot/support';
import { createStreamer } from '../test/extension/support';

const LATENCY_RUNS = 200;
const CHANNELS = 100;
const THROUGHPUT_COMMANDS = 3000;
const LIMITS = { messagesPerWindow: 7500, windowMs: 30_000, channelGapMs: 0 };

const out = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const twitch = await startFakeTwitch({
    chatLimits: { messagesPer30s: 1_000_000, privilegedMessagesPer30s: 1_000_000 },
  });
  const app = await startTestService({
    ...twitch.serviceEnv,
    CHAT_BOT_TRANSPORT: 'irc',
    AUTH_RATE_LIMIT_PER_IP: '100000/60',
    LOG_LEVEL: 'silent',
  });
  const { admin } = await connectBotAccount(app, twitch);
  out(`setting up ${CHANNELS} channels…`);
  const channels: Array<{ login: string; id: string }> = [];
  for (let i = 0; i < CHANNELS; i += 1) {
    const login = `benchchan${i}`;
    const streamer = await createStreamer(app, twitch, { login, displayName: login });
    await streamer.api.chatBot.updateSettings({
      body: {
        enabled: true,
        commands: { top: { cooldownSeconds: 0, userCooldownSeconds: 0 }, idea: { userCooldownSeconds: 0 } },
      },
    });
    await streamer.api.ideas.updateSettings({ body: { onePendingPerViewer: false, cooldownSeconds: 0 } });
    await grantChatBotScopes(app, twitch, streamer);
    channels.push({ login, id: streamer.channelId });
  }
  const viewers = Array.from(
    { length: 20 },
    (_, i) => twitch.addUser({ login: `benchviewer${i}`, broadcaster_type: '' }).login,
  );
  const bot = new AuraStreamBot({
    serviceUrl: app.url,
    credential: await botCredential(admin),
    redisUrl: app.service.infra.redisHandle.url,
    keyPrefix: app.service.config.redis.keyPrefix,
    twitch: {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      chatUrl: twitch.chat.url,
      authBaseUrl: twitch.authBaseUrl,
      helixBaseUrl: twitch.helixBaseUrl,
    },
    leaseMs: 30_000,
    logger: pino({ level: 'silent' }),
    limits: { moderator: LIMITS, regular: LIMITS },
  });
  await bot.start();
  const joinedAll = async () => {
    const inChannels = new Set(
      twitch.chat.connections().flatMap((c) => (c.login === 'aurastreambot' ? c.channels : [])),
    );
    return channels.every((channel) => inChannels.has(`#${channel.login}`));
  };
  const deadline = Date.now() + 120_000;
  while (!(await joinedAll()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  out('joined every channel');

  /** Replies threaded to each message id, as they appear in the fake's chat log. */
  const answered = new Map<string, number>();
  let scanned = 0;
  // only the lines added since the last look (the log grows to thousands of lines)
  const watch = setInterval(() => {
    const log = twitch.chat.messages();
    for (let i = scanned; i < log.length; i += 1) {
      const line = log[i]!;
      if (line.user_login === 'aurastreambot' && line.reply_parent_msg_id && !answered.has(line.reply_parent_msg_id)) {
        answered.set(line.reply_parent_msg_id, performance.now());
      }
    }
    scanned = log.length;
  }, 2);

  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i += 1) {
    const channel = channels[i % CHANNELS]!;
    const started = performance.now();
    const { message } = await twitch.chat.say({
      channel: channel.login,
      viewer: viewers[i % viewers.length]!,
      text: `!aura idea a bench fox number ${i}`,
    });
    while (!answered.has(message.id)) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    latencies.push(answered.get(message.id)! - started);
  }
  latencies.sort((a, b) => a - b);

  const loadBefore = os.loadavg()[0] ?? 0;
  const ids: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: THROUGHPUT_COMMANDS }, async (_, i) => {
      const { message } = await twitch.chat.say({
        channel: channels[i % CHANNELS]!.login,
        viewer: viewers[i % viewers.length]!,
        text: '!aura top',
      });
      ids.push(message.id);
    }),
  );
  while (ids.some((id) => !answered.has(id)) && performance.now() - started < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const done = ids.filter((id) => answered.has(id));
  const elapsed = Math.max(...done.map((id) => answered.get(id)!)) - started;
  const perSecond = Math.round((done.length / elapsed) * 1000);
  clearInterval(watch);

  const result = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
    load_average: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
    idea_ack_ms: {
      runs: LATENCY_RUNS,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
    throughput: {
      channels: CHANNELS,
      commands: THROUGHPUT_COMMANDS,
      answered: done.length,
      elapsed_ms: Math.round(elapsed),
      commands_per_second: perSecond,
    },
  };
  const r = (n: number | undefined) => (n ?? 0).toFixed(1);
  const md = [
    '# Chat bot benchmark',
    '',
    `${result.at} · ${result.machine} · load average ${result.load_average.before.toFixed(2)} → ${result.load_average.after.toFixed(2)}`,
    '',
    'One service process, one bot process (IRC), the fake Twitch, all in one Node process; a verified bot’s chat limits.',
    '',
    `| \`!aura idea\` to the bot’s threaded reply in the fake chat (${LATENCY_RUNS} runs, one at a time) | p50 | p95 | p99 | max |`,
    '| --- | --- | --- | --- | --- |',
    `| ms (target p95 < 100) | ${r(result.idea_ack_ms.p50)} | ${r(result.idea_ack_ms.p95)} | ${r(result.idea_ack_ms.p99)} | ${r(result.idea_ack_ms.max)} |`,
    '',
    `Throughput: ${THROUGHPUT_COMMANDS} \`!aura top\` commands across ${CHANNELS} joined channels, all sent at once: ${done.length} answered in ${result.throughput.elapsed_ms} ms, **${perSecond} commands/s** (target ≥ 500).`,
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/chat-bot.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(new URL('./results/chat-bot.md', import.meta.url), `${md}\n`);
  out(md);
  await bot.stop();
  await app.stop();
  await twitch.stop();
  await stopSharedInfrastructure();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
