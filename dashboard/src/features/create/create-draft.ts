import type { StylePreset } from '@aurastream/contract';
import { createStore } from '../../lib/store';

/** A prompt handed to the create page (by the coach's "Use this prompt"). */
export interface CreateDraft {
  typeKey: string;
  prompt: string;
  stylePreset: StylePreset | null;
  brandKitId: string | null;
}

export const createDraft = createStore<CreateDraft | null>(null);
