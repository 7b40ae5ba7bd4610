import { useEffect, useRef, useState } from 'preact/hooks';
import { compareIdeaQueuePositions, type LiveEvent } from '@aurastream/contract';
import { api } from '../../api/client';
import { isRealtimeConnected, subscribeLiveEvents } from '../../api/realtime';
import { reportError } from '../upgrade/upgrade-prompt';

export type Idea = Awaited<ReturnType<typeof api.ideas.get>>;

/** Ideas past the queue shown under it: the latest approved, made, failed or turned down. */
const RECENT_LIMIT = 20;
/** Without a live connection, the queue is read again this often. */
const POLL_MS = 15_000;

export interface IdeaBoard {
  /** The approval queue (pending ideas, most votes first); null while loading. */
  queue: Idea[] | null;
  /** Decided ideas, newest first. */
  recent: Idea[];
  /** Generation progress of ideas being made, by idea id. */
  progress: Record<string, number>;
  /** Replaces an idea with its new state (after a decision here or elsewhere). */
  settle(idea: Idea): void;
  reload(): Promise<void>;
}

function inQueueOrder(ideas: Idea[]): Idea[] {
  return [...ideas].sort(compareIdeaQueuePositions);
}

function withoutIdea(ideas: Idea[], id: string): Idea[] {
  return ideas.filter((idea) => idea.id !== id);
}

/**
 * The channel's ideas as the moderation queue shows them: loaded once, then kept up to date by the
 * channel's live events (a new idea, vote counts, decisions from chat or the panel, generation
 * progress and results), with a slow poll while the live connection is down.
 */
export function useIdeaBoard(): IdeaBoard {
  const [queue, setQueue] = useState<Idea[] | null>(null);
  const [recent, setRecent] = useState<Idea[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const mounted = useRef(true);

  const settle = (idea: Idea) => {
    if (idea.status === 'pending') {
      setQueue((current) => inQueueOrder([...withoutIdea(current ?? [], idea.id), idea]));
      setRecent((current) => withoutIdea(current, idea.id));
      return;
    }
    setQueue((current) => (current ? withoutIdea(current, idea.id) : current));
    setRecent((current) => [idea, ...withoutIdea(current, idea.id)].slice(0, RECENT_LIMIT));
  };

  const reload = async () => {
    try {
      const [pending, latest] = await Promise.all([
        api.ideas.list({ query: { status: 'pending', order: 'queue', limit: 100 } }),
        api.ideas.list({ query: { order: 'newest', limit: RECENT_LIMIT + 20 } }),
      ]);
      if (!mounted.current) {
        return;
      }
      setQueue(pending.ideas);
      setRecent(latest.ideas.filter((idea) => idea.status !== 'pending').slice(0, RECENT_LIMIT));
    } catch (error) {
      setQueue((current) => current ?? []);
      reportError(error);
    }
  };

  const refetch = (id: string) => {
    api.ideas.get({ params: { id } }).then(
      (idea) => mounted.current && settle(idea),
      () => undefined,
    );
  };

  useEffect(() => {
    mounted.current = true;
    void reload();
    const onEvent = (event: LiveEvent) => {
      switch (event.type) {
        case 'idea.votes': {
          const counts = new Map(event.votes.map((count) => [count.idea_id, count.votes]));
          setQueue((current) =>
            current
              ? inQueueOrder(current.map((idea) => ({ ...idea, votes: counts.get(idea.id) ?? idea.votes })))
              : current,
          );
          break;
        }
        case 'idea.generating':
          setProgress((current) => ({ ...current, [event.idea_id]: event.progress }));
          break;
        case 'idea.submitted':
        case 'idea.approved':
        case 'idea.rejected':
        case 'idea.ready':
        case 'idea.failed':
        case 'idea.expired':
          // the event is public and small; the dashboard reads the whole idea (prompt, viewer)
          refetch(event.idea.id);
          break;
      }
    };
    const unsubscribe = subscribeLiveEvents(onEvent);
    const poll = setInterval(() => {
      if (!isRealtimeConnected()) {
        void reload();
      }
    }, POLL_MS);
    return () => {
      mounted.current = false;
      unsubscribe();
      clearInterval(poll);
    };
  }, []);

  return { queue, recent, progress, settle, reload };
}
