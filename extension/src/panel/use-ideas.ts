import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type IdeaAssetType } from '@aurastream/contract/extension';
import type { TwitchExtensionHelper } from '../shared/twitch-extension';
import type { ExtensionApiClient, MyIdeas, PanelIdeas, ViewerClaims } from './api';
import { openLiveFeed, type PanelLiveEvent } from './live-feed';

/** Reloads after a live event wait up to this long, so a channel's panels do not all ask at once. */
const RELOAD_SPREAD_MS = 1500;

export type IdeaAction = 'approve' | 'reject';

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'AuraStream could not be reached; try again in a moment.';
}

/**
 * The channel's ideas for the panel: the shared list (cached by the service, revalidated by ETag),
 * the viewer's own ideas and votes, live updates (votes and progress applied as they come, anything
 * else reloads the list), and the viewer's actions. `notice` says how the last action went.
 */
export function useIdeas(options: {
  api: ExtensionApiClient;
  helper: TwitchExtensionHelper | null;
  channelId: string | null;
  claims: ViewerClaims | null;
}) {
  const { api, helper, channelId, claims } = options;
  const [ideas, setIdeas] = useState<PanelIdeas | null>(null);
  const [mine, setMine] = useState<MyIdeas | null>(null);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const reload = useCallback(async () => {
    try {
      const [list, own] = await Promise.all([api.extension.ideas(), api.extension.myIdeas()]);
      setIdeas(list);
      setMine(own);
    } catch {
      // the panel keeps what it shows; without a first list the ideas views stay hidden
    }
  }, [api]);

  useEffect(() => {
    if (channelId && claims) {
      void reload();
    }
  }, [channelId, claims, reload]);

  const transport = ideas?.liveTransport ?? null;
  useEffect(() => {
    if (!transport) {
      return;
    }
    const onEvent = (event: PanelLiveEvent) => {
      if (event.type === 'idea.votes') {
        const counts = new Map(event.votes.map((count) => [count.ideaId, count.votes]));
        setIdeas(
          (current) =>
            current && {
              ...current,
              pending: current.pending.map((idea) => ({ ...idea, votes: counts.get(idea.id) ?? idea.votes })),
            },
        );
        return;
      }
      if (event.type === 'idea.generating') {
        setProgress((current) => ({ ...current, [event.ideaId]: event.progress }));
        return;
      }
      reloadTimer.current ??= setTimeout(() => {
        reloadTimer.current = null;
        void reload();
      }, Math.random() * RELOAD_SPREAD_MS);
    };
    const close = openLiveFeed({ transport, helper, api, onEvent });
    return () => {
      close();
      if (reloadTimer.current) {
        clearTimeout(reloadTimer.current);
        reloadTimer.current = null;
      }
    };
  }, [transport, helper, api, reload]);

  const run = useCallback(
    async (action: () => Promise<unknown>, success: string): Promise<boolean> => {
      try {
        await action();
        setNotice({ tone: 'success', text: success });
        await reload();
        return true;
      } catch (error) {
        setNotice({ tone: 'error', text: messageOf(error) });
        return false;
      }
    },
    [reload],
  );

  const suggest = (text: string, assetType: IdeaAssetType) =>
    run(() => api.extension.suggest({ body: { text, assetType } }), 'Thanks! Your idea is in the queue.');
  const vote = (id: string, number: number) =>
    run(() => api.extension.vote({ params: { id } }), `You voted for idea #${number}.`);
  const moderate = (id: string, number: number, action: IdeaAction) =>
    run(
      () =>
        action === 'approve'
          ? api.extension.approve({ params: { id }, body: {} })
          : api.extension.reject({ params: { id }, body: {} }),
      action === 'approve' ? `Idea #${number} approved: it is being made.` : `Idea #${number} rejected.`,
    );

  return { ideas, mine, progress, notice, suggest, vote, moderate };
}

export type IdeasState = ReturnType<typeof useIdeas>;
