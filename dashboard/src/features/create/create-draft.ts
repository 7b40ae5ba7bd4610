import type { StylePreset } from '@aurastream/contract';
import { createStore } from '../../lib/store';

/** A prompt handed to the create page (by the coach's "Use this prompt"). */
export interface CreateDraft {
  /** An asset type (generic or Twitch) or another key the create page offers. */
  typeKey: string;
  prompt: string;
  stylePreset: StylePreset | null;
  brandKitId: string | null;
}

export const createDraft = createStore<CreateDraft | null>(null);
