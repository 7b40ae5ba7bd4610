import { z } from 'zod';
import {
  coachAssetTypeSchema,
  coachGroundingItemSchema,
  coachIntentSchema,
  coachProviderSchema,
  coachSessionStatusSchema,
  coachStoredBrandContextSchema,
} from '@aurastream/contract';

const slotSchema = z.enum(['mood', 'text', 'style']);

const storedMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  created_at: z.string(),
  /** For assistant messages: the slots the coach asked about, so each is asked once. */
  asked: z.array(slotSchema).optional(),
});

/** A coach session as Redis holds it (JSON under `coach:session:<id>`, with the idle TTL). */
export const coachSessionRecordSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  asset_type: coachAssetTypeSchema,
  description: z.string(),
  brand_context: coachStoredBrandContextSchema.nullable(),
  status: coachSessionStatusSchema,
  messages: z.array(storedMessageSchema),
  turns_used: z.number().int(),
  current_prompt: z.string().nullable(),
  prompt_versions: z.number().int(),
  intent: coachIntentSchema.nullable(),
  grounding: z.array(coachGroundingItemSchema),
  /** Grounding runs once, before the first answer; later turns reuse it. */
  grounded: z.boolean(),
  provider: coachProviderSchema,
  created_at: z.string(),
  updated_at: z.string(),
  ended_at: z.string().nullable(),
});

export type CoachSessionRecord = z.infer<typeof coachSessionRecordSchema>;
export type StoredMessage = z.infer<typeof storedMessageSchema>;
export type StoredBrandContext = z.infer<typeof coachStoredBrandContextSchema>;
