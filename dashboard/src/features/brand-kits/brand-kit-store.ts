import { api } from '../../api/client';
import type { BrandKit } from '../../api/types';
import { session } from '../../api/session';
import { createStore, useStore } from '../../lib/store';
import { notify, offerUndo } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { track } from '../../lib/analytics';
import { preferences, updatePreferences } from '../../lib/preferences';

export interface BrandKitsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  kits: BrandKit[];
}

/** The signed-in user's brand kits, shared by every page that shows or picks one. */
export const brandKits = createStore<BrandKitsState>({ status: 'idle', kits: [] });

export function useBrandKits(): BrandKitsState {
  return useStore(brandKits);
}

let loading: Promise<void> | null = null;

export function loadBrandKits(force = false): Promise<void> {
  const state = brandKits.get();
  if (!force && (state.status === 'ready' || loading)) {
    return loading ?? Promise.resolve();
  }
  if (state.status !== 'ready') {
    brandKits.set({ ...state, status: 'loading' });
  }
  loading = api.brandKits
    .list()
    .then((list) => brandKits.set({ status: 'ready', kits: list.brandKits }))
    .catch((error: unknown) => {
      brandKits.set({ ...brandKits.get(), status: 'error' });
      reportError(error);
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Puts a created or updated kit in the list (activating one deactivates the rest). */
export function upsertKit(kit: BrandKit): void {
  brandKits.set((state) => {
    const exists = state.kits.some((item) => item.id === kit.id);
    const kits = (exists ? state.kits.map((item) => (item.id === kit.id ? kit : item)) : [kit, ...state.kits]).map(
      (item) => (kit.isActive && item.id !== kit.id ? { ...item, isActive: false } : item),
    );
    return { status: 'ready', kits };
  });
}

/** Optimistic: the kit shows as active at once; if the service refuses, the previous state returns. */
export async function activateKit(id: string): Promise<void> {
  const before = brandKits.get();
  brandKits.set({ ...before, kits: before.kits.map((kit) => ({ ...kit, isActive: kit.id === id })) });
  try {
    const kit = await api.brandKits.activate({ params: { id } });
    upsertKit(kit);
    updatePreferences({ lastBrandKitId: id });
    track('brand_kit_activated', 'user_action');
    notify('success', `${kit.name} is now your active brand kit`);
  } catch (error) {
    brandKits.set(before);
    reportError(error);
  }
}

/**
 * Optimistic with undo: the kit leaves the list at once and is deleted on the service only when the
 * 5-second undo window closes, so "Undo" needs no server round trip.
 */
export function deleteKit(kit: BrandKit): void {
  const before = brandKits.get();
  const index = before.kits.findIndex((item) => item.id === kit.id);
  brandKits.set({ ...before, kits: before.kits.filter((item) => item.id !== kit.id) });
  offerUndo(`Deleted “${kit.name}”`, {
    undo: () => {
      brandKits.set((state) => {
        const kits = [...state.kits];
        kits.splice(Math.min(index, kits.length), 0, kit);
        return { ...state, kits };
      });
    },
    commit: () => {
      api.brandKits.delete({ params: { id: kit.id } }).then(
        () => {
          track('brand_kit_deleted', 'user_action');
          if (preferences.get().lastBrandKitId === kit.id) {
            updatePreferences({ lastBrandKitId: null });
          }
        },
        (error: unknown) => {
          upsertKit(kit);
          reportError(error);
        },
      );
    },
  });
}

/** The kit a new generation should use: the last one picked, else the active one. */
export function defaultKitId(kits: BrandKit[]): string | null {
  const last = preferences.get().lastBrandKitId;
  if (last && kits.some((kit) => kit.id === last)) {
    return last;
  }
  return kits.find((kit) => kit.isActive)?.id ?? null;
}

session.subscribe((state) => {
  if (state.status !== 'signed_in') {
    brandKits.set({ status: 'idle', kits: [] });
  }
});
