/**
 * Chat bot benchmark (issue 16): a chat command to the bot's acknowledgement through the fake
 * Twitch chat (IRC), p50/p95/p99 (target p95 < 100 ms for `idea`, one bot process and one service
 * process), and commands per second across 100 joined channels (target ≥ 500/s).
 *
 *   npm run bench -- chat-bot        (BENCH_PROFILE_DIR=dir: CPU profiles of both processes, one
 *                                     pair per phase: {service,bot}-{latency,throughput}.cpuprofile)
 *
 * The bot runs in its own process (bench/support/chat-bot-process.ts); the service, its embedded
 * MongoDB and the fake Twitch run in this one, with the load; Redis is its own server. The bot
 * keeps a verified bot's limits (7,500 messages per 30 s) and, as the service assumes for the bot
 * account, is not a moderator of the channels: one message per second per channel, which the fake
 * Twitch enforces too (a faster reply would be dropped there, and is not counted as an answer).
 *
 * - Latency: `!aura idea` one at a time, rotating over the channels, each channel spoken in at most
 *   once per the gap the bot keeps there plus 0.1 s, so the pacing of replies is never what is measured.
 * - Throughput: `!aura top` sent all at once, spread evenly over the 100 channels. A command counts
 *   as handled once the bot relayed it and the service's answer reached the channel's reply queue
 *   (sent since, waiting, or dropped by the queue to stay within Twitch's limits); replies then
 *   go out at one per second per channel, which is reported beside it.
 *
 * Writes bench/results/chat-bot.{json,md}.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { REPLY_QUEUE_MAX, TWITCH_CHAT_LIMITS } from '@aurastream/bot';
import { startFakeTwitch } from '@aurastream/fake-twitch';
import { childProcessesRunning, startTestService, stopSharedInfrastructure } from '../service/src/testing/index';
import { botKeys } from '../bot/src/bot-keys';
import { botCredential, connectBotAccount, grantChatBotScopes } from '../test/chat-bot/support';
import { createStreamer } from '../test/extension/support';
import { metricsRegistry } from '../service/src/observability/metrics';
import { startCpuProfile } from './support/cpu-profiler';
import { processCpuSeconds } from './support/service-process';

const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 200);
const CHANNELS = 100;
const THROUGHPUT_COMMANDS = Number(process.env.BENCH_COMMANDS ?? 3000);
const VERIFIED = { messagesPerWindow: 7500, windowMs: 30_000 };
const LIMITS = {
  moderator: { ...VERIFIED, channelGapMs: 0 },
  regular: { ...VERIFIED, channelGapMs: TWITCH_CHAT_LIMITS.regular.channelGapMs },
};
/** A channel is spoken in at most this often in the latency runs, so its reply is never held by the gap. */
const CHANNEL_REST_MS = LIMITS.regular.channelGapMs + 100;
const profileDir = process.env.BENCH_PROFILE_DIR ?? '';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The bot in its own node process, as `npm run bot` runs it. */
async function startBotProcess(
  options: object,
): Promise<{ child: ChildProcess; request(message: object): Promise<void>; stop(): Promise<void> }> {
  const child = fork(path.join(here, 'support/chat-bot-process.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, NODE_OPTIONS: '', BENCH_BOT_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (kind: string) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (message: { kind: string }) => {
        if (message.kind === kind) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the bot process exited with ${code}`)));
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // never leave the bot running behind a benchmark that failed
  process.once('exit', () => child.kill('SIGKILL'));
  await next('ready');
  return {
    child,
    async stop() {
      child.send({ kind: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async request(message: object & { kind: string }) {
      const answered = message.kind === 'profile-stop' ? next('profiled') : Promise.resolve();
      child.send(message);
      await answered;
    },
  };
}

const COMMAND_ROUTES = { single: '/api/v1/bot/commands', batch: '/api/v1/bot/commands/batch' } as const;
type RouteCounts = Record<keyof typeof COMMAND_ROUTES, { count: number; seconds: number }>;

/** Requests to the command endpoints (one message, or a batch) the service answered, and the time it spent on them (its own histogram). */
async function commandRequests(): Promise<RouteCounts> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find(
    (entry) => entry.name === 'aurastream_http_request_duration_seconds',
  );
  const of = (route: string) => {
    const values = (metric?.values ?? []).filter((value) => value.labels.route === route);
    const sum = (name: string) =>
      values
        .filter((value) => (value as { metricName?: string }).metricName === name)
        .reduce((total, value) => total + value.value, 0);
    return {
      count: sum('aurastream_http_request_duration_seconds_count'),
      seconds: sum('aurastream_http_request_duration_seconds_sum'),
    };
  };
  return { single: of(COMMAND_ROUTES.single), batch: of(COMMAND_ROUTES.batch) };
}

/** Seconds the threads of a process spent runnable but waiting for a CPU (`/proc/<pid>/task/<tid>/schedstat`). */
function runQueueSeconds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
      const waited = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
      return sum + waited / 1e9;
    }, 0);
  } catch {
    return 0;
  }
}

/** Microseconds during which some task on the machine waited for a CPU (`/proc/pressure/cpu`), or null. */
function cpuPressureMicros(): number | null {
  try {
    return Number(/some .*total=(\d+)/u.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

/** CPU seconds of each process taking part, and the wall time, over one phase. */
function cpuMeter(botPid: number) {
  const redisPids = childProcessesRunning(process.pid, 'redis-server');
  const read = () => ({
    wall: performance.now(),
    service: process.cpuUsage(),
    bot: processCpuSeconds(botPid),
    redis: redisPids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
    load: os.loadavg()[0] ?? 0,
    waited: { service_and_fake_twitch: runQueueSeconds(process.pid), bot: runQueueSeconds(botPid) },
    pressure: cpuPressureMicros(),
  });
  const start = read();
  const requestsAtStart = commandRequests();
  return async () => {
    const end = read();
    const [before, after] = [await requestsAtStart, await commandRequests()];
    const requestsOf = (kind: keyof RouteCounts) => {
      const count = after[kind].count - before[kind].count;
      const ms = count > 0 ? ((after[kind].seconds - before[kind].seconds) / count) * 1000 : 0;
      return { count, mean_ms: ms };
    };
    const wallS = (end.wall - start.wall) / 1000;
    const serviceS = (end.service.user - start.service.user + end.service.system - start.service.system) / 1e6;
    const cpu = { service_and_fake_twitch: serviceS, bot: end.bot - start.bot, redis: end.redis - start.redis };
    return {
      wall_s: wallS,
      cpu_s: cpu,
      // share of one CPU each process kept busy during the phase
      cpu_percent_of_one_core: Object.fromEntries(
        Object.entries(cpu).map(([name, seconds]) => [name, Math.round((seconds / wallS) * 100)]),
      ),
      load_average: { before: start.load, after: end.load },
      // runnable, but another process had the CPU: the machine is shared
      waited_for_cpu_s: {
        service_and_fake_twitch: end.waited.service_and_fake_twitch - start.waited.service_and_fake_twitch,
        bot: end.waited.bot - start.waited.bot,
      },
      cpu_pressure_percent:
        start.pressure !== null && end.pressure !== null
          ? Math.round(((end.pressure - start.pressure) / 1e6 / wallS) * 100)
          : null,
      // inside the service, from its request histogram: what the bot's HTTP round trip adds is the rest
      command_requests: { single: requestsOf('single'), batch: requestsOf('batch') },
    };
  };
}

async function main(): Promise<void> {
  const twitch = await startFakeTwitch({
    chatLimits: { messagesPer30s: LIMITS.regular.messagesPerWindow, privilegedMessagesPer30s: 1_000_000 },
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
    { length: 40 },
    (_, i) => twitch.addUser({ login: `benchviewer${i}`, broadcaster_type: '' }).login,
  );
  const keyPrefix = app.service.config.redis.keyPrefix;
  const bot = await startBotProcess({
    serviceUrl: app.url,
    credential: await botCredential(admin),
    redisUrl: app.service.infra.redisHandle.url,
    keyPrefix,
    twitch: {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      chatUrl: twitch.chat.url,
      authBaseUrl: twitch.authBaseUrl,
      helixBaseUrl: twitch.helixBaseUrl,
    },
    leaseMs: 30_000,
    limits: LIMITS,
  });
  const botPid = bot.child.pid as number;
  const joinedAll = () => {
    const inChannels = new Set(
      twitch.chat.connections().flatMap((c) => (c.login === 'aurastreambot' ? c.channels : [])),
    );
    return channels.every((channel) => inChannels.has(`#${channel.login}`));
  };
  const deadline = Date.now() + 120_000;
  while (!joinedAll() && Date.now() < deadline) {
    await sleep(200);
  }
  out('joined every channel');

  /** When the bot's reply threaded to each message id reached the chat (accepted by Twitch, or refused). */
  const answered = new Map<string, number>();
  const refused = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  let repliesRefused = 0;
  const stopListening = twitch.chat.onLine((line) => {
    if (line.user_login !== 'aurastreambot') {
      return;
    }
    if (!line.sent) {
      repliesRefused += 1;
    }
    const parent = line.reply_parent_msg_id;
    if (parent && !answered.has(parent) && !refused.has(parent)) {
      (line.sent ? answered : refused).set(parent, performance.now());
      waiting.get(parent)?.();
    }
  });
  const reply = (messageId: string) =>
    answered.has(messageId) || refused.has(messageId)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.set(messageId, resolve));
  /** Profiles both processes over one phase (with BENCH_PROFILE_DIR); the answer stops and writes them. */
  const profilePhase = async (phase: string): Promise<() => Promise<void>> => {
    if (!profileDir) {
      return async () => undefined;
    }
    mkdirSync(profileDir, { recursive: true });
    const service = await startCpuProfile();
    await bot.request({ kind: 'profile-start' });
    return async () => {
      await service.stop(path.join(profileDir, `service-${phase}.cpuprofile`));
      await bot.request({ kind: 'profile-stop', file: path.join(profileDir, `bot-${phase}.cpuprofile`) });
    };
  };
  const latencyProfile = await profilePhase('latency');

  const latencyMeter = cpuMeter(botPid);
  const latencies: number[] = [];
  const lastSpoken = new Map<string, number>();
  for (let i = 0; i < LATENCY_RUNS; i += 1) {
    const channel = channels[i % CHANNELS]!;
    const rest = (lastSpoken.get(channel.id) ?? -Infinity) + CHANNEL_REST_MS - performance.now();
    if (rest > 0) {
      await sleep(rest);
    }
    const started = performance.now();
    const { message } = await twitch.chat.say({
      channel: channel.login,
      viewer: viewers[i % viewers.length]!,
      text: `!aura idea a bench fox number ${i}`,
    });
    await reply(message.id);
    const at = answered.get(message.id) ?? refused.get(message.id)!;
    latencies.push(at - started);
    lastSpoken.set(channel.id, at);
  }
  latencies.sort((a, b) => a - b);
  const latencyPhase = await latencyMeter();
  await latencyProfile();
  await sleep(CHANNEL_REST_MS);

  // what the reply queues hold, and dropped, across the channels (sent lines are in the chat log):
  // one script summing them in Redis, as it is polled every 10 ms during the burst and its cost is
  // the bench's, not the bot's
  const redis = new Redis(app.service.infra.redisHandle.url, { keyPrefix });
  const queueKeys = channels.flatMap((channel) => [botKeys.replies(channel.id), botKeys.dropped(channel.id)]);
  const SUM_QUEUES = `
local queued, dropped = 0, 0
for i = 1, #KEYS, 2 do
  queued = queued + redis.call('LLEN', KEYS[i])
  dropped = dropped + tonumber(redis.call('GET', KEYS[i + 1]) or '0')
end
return {queued, dropped}`;
  const queueState = async () => {
    const [queued, dropped] = (await redis.eval(SUM_QUEUES, queueKeys.length, ...queueKeys)) as [number, number];
    return { queued, dropped };
  };
  const droppedBefore = (await queueState()).dropped;
  const repliedBefore = answered.size + refused.size;

  const throughputProfile = await profilePhase('throughput');
  const throughputMeter = cpuMeter(botPid);
  const ids: string[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: THROUGHPUT_COMMANDS }, async (_, i) => {
      const { message } = await twitch.chat.say({
        channel: channels[i % CHANNELS]!.login,
        // a channel's consecutive answers differ (Twitch refuses a repeat of the last message)
        viewer: viewers[Math.floor(i / CHANNELS) % viewers.length]!,
        text: '!aura top',
      });
      ids.push(message.id);
    }),
  );
  const sentAt = performance.now() - started;
  let handledAt = Infinity;
  let state = { queued: 0, dropped: 0 };
  while (performance.now() - started < 120_000) {
    state = await queueState();
    const handled = answered.size + refused.size - repliedBefore + state.queued + state.dropped - droppedBefore;
    if (handled >= THROUGHPUT_COMMANDS) {
      handledAt = performance.now() - started;
      break;
    }
    await sleep(10);
  }
  const throughputPhase = await throughputMeter();
  await throughputProfile();
  const handledAnswers = answered.size + refused.size - repliedBefore;
  // the replies still queued go out at one per second per channel
  while (state.queued > 0 && performance.now() - started < 180_000) {
    await sleep(100);
    state = await queueState();
  }
  await sleep(200);
  stopListening();
  const done = ids.filter((id) => answered.has(id));
  const lastReply = Math.max(...done.map((id) => answered.get(id)!)) - started;
  const dropped = state.dropped - droppedBefore;
  const commandsPerSecond = Math.round((THROUGHPUT_COMMANDS / handledAt) * 1000);

  const result = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
    idea_ack_ms: {
      runs: LATENCY_RUNS,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
      phase: latencyPhase,
    },
    throughput: {
      channels: CHANNELS,
      commands: THROUGHPUT_COMMANDS,
      said_in_ms: Math.round(sentAt),
      handled_in_ms: Math.round(handledAt),
      commands_per_second: commandsPerSecond,
      answered_while_handling: handledAnswers,
      phase: throughputPhase,
      replies_answered: done.length,
      replies_dropped_by_queue: dropped,
      replies_refused_by_twitch: repliesRefused,
      last_reply_ms: Math.round(lastReply),
    },
  };
  const r = (n: number | undefined) => (n ?? 0).toFixed(1);
  const cpu = (phase: typeof latencyPhase) =>
    `the bot sent ${phase.command_requests.single.count} one-message command requests (the service spent ${phase.command_requests.single.mean_ms.toFixed(1)} ms on each, mean, from its histogram) and ${phase.command_requests.batch.count} batches (${phase.command_requests.batch.mean_ms.toFixed(1)} ms each); service + MongoDB + fake Twitch ${phase.cpu_s.service_and_fake_twitch.toFixed(1)} s (${phase.cpu_percent_of_one_core.service_and_fake_twitch}% of a core), bot ${phase.cpu_s.bot.toFixed(1)} s (${phase.cpu_percent_of_one_core.bot}%), Redis ${phase.cpu_s.redis.toFixed(1)} s (${phase.cpu_percent_of_one_core.redis}%) over ${phase.wall_s.toFixed(1)} s wall; runnable but waiting for a CPU: service ${phase.waited_for_cpu_s.service_and_fake_twitch.toFixed(1)} s, bot ${phase.waited_for_cpu_s.bot.toFixed(1)} s; some task waiting for a CPU ${phase.cpu_pressure_percent ?? '?'}% of the time; load average ${phase.load_average.before.toFixed(2)} → ${phase.load_average.after.toFixed(2)}`;
  const md = [
    '# Chat bot benchmark',
    '',
    `${result.at} · ${result.machine} (shared with other work: see the load averages)`,
    '',
    `One bot process (IRC) and one service process; the service shares its process with its embedded MongoDB, the fake Twitch and the load. A verified bot’s limits (7,500 messages per 30 s), not a moderator of the channels: one reply per second per channel (the fake Twitch drops faster ones; the bot keeps ${LIMITS.regular.channelGapMs} ms).`,
    '',
    `| \`!aura idea\` to the bot’s threaded reply in the fake chat (${LATENCY_RUNS} runs, one at a time, over ${CHANNELS} channels, a channel at most once per ${CHANNEL_REST_MS / 1000} s) | p50 | p95 | p99 | max |`,
    '| --- | --- | --- | --- | --- |',
    `| ms (target p95 < 100) | ${r(result.idea_ack_ms.p50)} | ${r(result.idea_ack_ms.p95)} | ${r(result.idea_ack_ms.p99)} | ${r(result.idea_ack_ms.max)} |`,
    '',
    `CPU: ${cpu(latencyPhase)}.`,
    '',
    `Throughput: ${THROUGHPUT_COMMANDS} \`!aura top\` commands said at once, ${THROUGHPUT_COMMANDS / CHANNELS} in each of ${CHANNELS} joined channels: all relayed, answered by the service and queued in ${result.throughput.handled_in_ms} ms, **${commandsPerSecond} commands/s** (target ≥ 500). ${handledAnswers} answers were in chat by then.`,
    '',
    `CPU: ${cpu(throughputPhase)}.`,
    '',
    `Replies then went out at one per ${LIMITS.regular.channelGapMs / 1000} s per channel: ${done.length} threaded answers in chat, the last ${(lastReply / 1000).toFixed(1)} s after the burst; ${dropped} dropped by the reply queue (it keeps ${REPLY_QUEUE_MAX} per channel) rather than exceed Twitch’s limits; ${repliesRefused} refused by Twitch.`,
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/chat-bot.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(new URL('./results/chat-bot.md', import.meta.url), `${md}\n`);
  out(md);
  await redis.quit();
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
