import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Asset, Job, Pack } from '../../api/types';
import { isRealtimeConnected, subscribeJobEvents } from '../../api/realtime';

export const terminalStatuses = new Set<Job['status']>(['completed', 'failed', 'cancelled']);

function mergeAssets(existing: Asset[], incoming: Asset[]): Asset[] {
  const seen = new Set(existing.map((asset) => asset.id));
  return [...existing, ...incoming.filter((asset) => !seen.has(asset.id))];
}

/** Polls while live events cannot be relied on (not connected yet, or a missed event). */
function pollDelay(): number {
  return isRealtimeConnected() ? 5000 : 1500;
}

/**
 * Follows a job live: socket.io events as they happen, polling as a safety net, and a final read of
 * its assets once it ends.
 */
export function useJob(initial: Job | null): { job: Job | null; assets: Asset[] } {
  const [job, setJob] = useState<Job | null>(initial);
  const [assets, setAssets] = useState<Asset[]>([]);
  const jobId = initial?.id ?? null;

  useEffect(() => {
    setJob(initial);
    setAssets([]);
    if (!jobId) {
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeJobEvents((_name, event) => {
      if (event.job.id !== jobId || stopped) {
        return;
      }
      setJob(event.job);
      if (event.newAssets.length > 0) {
        setAssets((list) => mergeAssets(list, event.newAssets));
      }
      if (terminalStatuses.has(event.job.status)) {
        void refresh();
      }
    });
    const refresh = async () => {
      try {
        const [latest, made] = await Promise.all([
          api.generation.getJob({ params: { id: jobId } }),
          api.generation.getJobAssets({ params: { id: jobId } }),
        ]);
        if (stopped) {
          return;
        }
        setJob(latest);
        setAssets((list) => mergeAssets(list, made.assets));
        if (!terminalStatuses.has(latest.status)) {
          timer = setTimeout(() => void refresh(), pollDelay());
        }
      } catch {
        if (!stopped) {
          timer = setTimeout(() => void refresh(), 4000);
        }
      }
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [jobId]);

  return { job, assets };
}

/** Follows a pack: its items' events re-read the pack summary (at most every 400 ms). */
export function usePack(initial: Pack | null): Pack | null {
  const [pack, setPack] = useState<Pack | null>(initial);
  const packId = initial?.job.id ?? null;
  const pending = useRef(false);

  useEffect(() => {
    setPack(initial);
    if (!packId) {
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      pending.current = false;
      clearTimeout(timer);
      try {
        const latest = await api.twitch.getPack({ params: { id: packId } });
        if (stopped) {
          return;
        }
        setPack(latest);
        if (!terminalStatuses.has(latest.job.status)) {
          timer = setTimeout(() => void refresh(), pollDelay());
        }
      } catch {
        if (!stopped) {
          timer = setTimeout(() => void refresh(), 4000);
        }
      }
    };
    const unsubscribe = subscribeJobEvents((_name, event) => {
      if (stopped || (event.job.id !== packId && event.job.parentJobId !== packId) || pending.current) {
        return;
      }
      pending.current = true;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 400);
    });
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [packId]);

  return pack;
}
