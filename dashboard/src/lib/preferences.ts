import { createStore, type Store } from './store';

/**
 * Smart defaults remembered in localStorage: what the streamer picked last is what the next form
 * starts with. Nothing secret lives here (tokens stay in memory).
 */
export interface Preferences {
  lastBrandKitId: string | null;
  /** Last single-asset type picked on the create page (a Twitch or generic type). */
  lastAssetType: string | null;
  lastStylePreset: string | null;
  lastVariations: number;
  lastPackType: string | null;
  /** Recent prompts, newest first, per asset type. */
  promptHistory: Record<string, string[]>;
  /** Command palette commands run recently, newest first. */
  recentCommands: string[];
  /** Users (by id) who finished or skipped the onboarding tour. */
  onboardedUsers: string[];
  /** Milestones already celebrated, per user id. */
  celebratedMilestones: Record<string, number[]>;
  celebrationSound: boolean;
}

const storageKey = 'aurastream:preferences:v1';

const defaults: Preferences = {
  lastBrandKitId: null,
  lastAssetType: null,
  lastStylePreset: null,
  lastVariations: 1,
  lastPackType: null,
  promptHistory: {},
  recentCommands: [],
  onboardedUsers: [],
  celebratedMilestones: {},
  celebrationSound: false,
};

function load(): Preferences {
  try {
    const raw = window.localStorage.getItem(storageKey);
    if (!raw) {
      return defaults;
    }
    const parsed = JSON.parse(raw) as Partial<Preferences>;
    return { ...defaults, ...parsed };
  } catch {
    // private mode or a corrupted value: start from the defaults
    return defaults;
  }
}

export const preferences: Store<Preferences> = createStore(load());

preferences.subscribe((value) => {
  try {
    window.localStorage.setItem(storageKey, JSON.stringify(value));
  } catch {
    // storage full or disabled: preferences then last for this tab only
  }
});

window.addEventListener('storage', (event) => {
  if (event.key === storageKey) {
    preferences.set(load());
  }
});

export function updatePreferences(patch: Partial<Preferences>): void {
  preferences.set((previous) => ({ ...previous, ...patch }));
}

/** Remembers a prompt for an asset type (most recent first, deduplicated, at most 8). */
export function rememberPrompt(assetType: string, prompt: string): void {
  const trimmed = prompt.trim();
  if (!trimmed) {
    return;
  }
  preferences.set((previous) => {
    const list = previous.promptHistory[assetType] ?? [];
    const next = [trimmed, ...list.filter((item) => item !== trimmed)].slice(0, 8);
    return { ...previous, promptHistory: { ...previous.promptHistory, [assetType]: next } };
  });
}
