/**
 * A bounded load on one service over loopback: simulated streamers who sign in, make a brand kit,
 * then until the deadline browse their library and kit, generate emotes and talk to the coach,
 * and viewers of a connected channel using its panel (the showcase, the ideas list, their own
 * ideas, one suggestion each and votes), with a short pause between actions. Every call is timed
 * and its outcome counted.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, type AuraStreamClient } from '@aurastream/contract';
import type { TestService } from '@aurastream/service/testing';
import { suitePassword } from './fixtures';
import { extensionToken } from './forged-credentials';

/** Viewers of one connected channel, each with an extension JWT of their own. */
export interface PanelLoad {
  channelId: string;
  /** Signs the viewers' tokens, as Twitch would. */
  extensionSecret: string;
  viewers: number;
}

export interface LoadOptions {
  users: number;
  durationMs: number;
  /** Pause between one user's actions. */
  thinkMs: number;
  panel?: PanelLoad;
}

export interface OperationFigures {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadResult {
  requests: number;
  /** Answers with a 5xx status, or no answer at all. */
  serverErrors: string[];
  /** Answers with a 4xx status (none is expected: the suite's limits are generous). */
  refusals: string[];
  /** Generation jobs the load queued. */
  jobIds: string[];
  /** Per idea the panel's viewers suggested: its votes when suggested plus every vote accepted since. */
  expectedVotes: Record<string, number>;
  operations: Record<string, OperationFigures>;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number);
}

export async function runLoad(app: TestService, options: LoadOptions): Promise<LoadResult> {
  const timings = new Map<string, number[]>();
  const result: LoadResult = {
    requests: 0,
    serverErrors: [],
    refusals: [],
    jobIds: [],
    expectedVotes: {},
    operations: {},
  };
  let deadline = Number.POSITIVE_INFINITY;
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.thinkMs * (0.5 + Math.random())));

  async function timed<T>(operation: string, call: () => Promise<T>): Promise<T | null> {
    const started = performance.now();
    result.requests++;
    try {
      return await call();
    } catch (error) {
      const line = `${operation}: ${error instanceof ApiError ? `${error.status} ${error.code}` : String(error)}`;
      (error instanceof ApiError && error.status < 500 ? result.refusals : result.serverErrors).push(line);
      return null;
    } finally {
      const list = timings.get(operation) ?? [];
      list.push(performance.now() - started);
      timings.set(operation, list);
    }
  }

  /** Signs a streamer up and in, with an active kit. */
  async function arrive(index: number): Promise<{ api: AuraStreamClient; kitId: string | null } | null> {
    const email = `load-${index}-${randomUUID()}@example.test`;
    const signedUp = await timed('sign up', () =>
      app.api.auth.signup({ body: { email, password: suitePassword, displayName: `Load ${index}` } }),
    );
    if (!signedUp) {
      return null;
    }
    // studio, so every user may use the coach
    const user = await app.service.container.users.findByEmailForAuthentication(email);
    await app.service.container.users.update(user!.id, { subscription_tier: 'studio' });
    const login = await timed('sign in', () => app.api.auth.login({ body: { email, password: suitePassword } }));
    if (!login) {
      return null;
    }
    const api: AuraStreamClient = app.clientFor(login.accessToken);
    const kit = await timed('create kit', () => api.brandKits.create({ body: { name: `Load kit ${index}` } }));
    if (kit) {
      await timed('activate kit', () => api.brandKits.activate({ params: { id: kit.id } }));
    }
    return { api, kitId: kit?.id ?? null };
  }

  async function streamer(index: number, api: AuraStreamClient, kitId: string | null): Promise<void> {
    for (let step = 0; Date.now() < deadline; step++) {
      await pause();
      await timed('browse library', () => api.assets.list({ query: {} }));
      if (kitId) {
        await timed('read kit', () => api.brandKits.get({ params: { id: kitId } }));
      }
      if (step % 3 === index % 3) {
        const job = await timed('generate', () =>
          api.twitch.generate({ body: { assetType: 'emote', customPrompt: `a load-test owl ${step}` } }),
        );
        if (job) {
          result.jobIds.push(job.id);
        }
      }
      if (step % 4 === index % 4) {
        await timed('coach turn (streamed whole)', async () => {
          const stream = await api.coach.start({
            body: { assetType: 'twitch_emote', description: 'a cheerful fox emote waving hello' },
          });
          for await (const chunk of stream) {
            void chunk;
          }
        });
      }
    }
  }

  /** A viewer on the channel's panel: reads, one suggestion, then a vote for each idea not voted for yet. */
  async function viewer(index: number, panel: PanelLoad, token: string): Promise<void> {
    const api: AuraStreamClient = app.clientFor(token);
    for (let step = 0; Date.now() < deadline; step++) {
      await pause();
      await timed('panel: showcase', () => api.extension.panel());
      const list = await timed('panel: ideas', () => api.extension.ideas());
      if (step === 0) {
        const idea = await timed('panel: suggest', () =>
          api.extension.suggest({ body: { text: `a load-test idea from viewer ${index}`, assetType: 'emote' } }),
        );
        if (idea) {
          result.expectedVotes[idea.id] = (result.expectedVotes[idea.id] ?? 0) + idea.votes;
        }
        continue;
      }
      const mine = await timed('panel: my ideas', () => api.extension.myIdeas());
      const votedFor = new Set(mine?.votedIdeaIds ?? []);
      const next = list?.pending.find((idea) => !votedFor.has(idea.id) && idea.id in result.expectedVotes);
      if (next && mine) {
        const vote = await timed('panel: vote', () => api.extension.vote({ params: { id: next.id } }));
        if (vote) {
          result.expectedVotes[next.id] = (result.expectedVotes[next.id] ?? 0) + 1;
        }
      }
    }
  }

  // everyone arrives first, so the load's duration is spent using the studio
  const arrived = await Promise.all(Array.from({ length: options.users }, (_, index) => arrive(index)));
  const { panel } = options;
  const viewerTokens = panel
    ? await Promise.all(
        Array.from({ length: panel.viewers }, () =>
          extensionToken({ secret: panel.extensionSecret, channelId: panel.channelId }),
        ),
      )
    : [];
  deadline = Date.now() + options.durationMs;
  await Promise.all([
    ...arrived.map((streamerState, index) =>
      streamerState ? streamer(index, streamerState.api, streamerState.kitId) : Promise.resolve(),
    ),
    ...viewerTokens.map((token, index) => viewer(index, panel!, token)),
  ]);
  for (const [operation, list] of timings) {
    const sorted = [...list].sort((a, b) => a - b);
    result.operations[operation] = {
      count: sorted.length,
      p50Ms: Math.round(percentile(sorted, 0.5)),
      p99Ms: Math.round(percentile(sorted, 0.99)),
      maxMs: Math.round(sorted.at(-1) ?? 0),
    };
  }
  return result;
}
