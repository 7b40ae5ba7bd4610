/**
 * Live events: what happens on a channel while it is live (ideas submitted, votes, moderation,
 * generation progress, results), published once per channel and delivered to the dashboard over
 * socket.io, to the chat bot and to the panel. Small and public: nothing here is private to the
 * streamer (no prompts, no viewer ids), so any of them may be broadcast to a channel's viewers.
 */
import { z } from 'zod';
import { isoDateTimeSchema, uuidSchema } from '../core/common';
import { ideaAssetTypeSchema, ideaSourceSchema, ideaStatusSchema } from '../ideas/schema';

/** The socket.io event carrying every live event of the signed-in streamer's channel. */
export const REALTIME_LIVE_EVENT = 'live';

/** An idea as live events show it. */
export const liveIdeaSchema = z
  .object({
    id: uuidSchema,
    number: z.number().int(),
    text: z.string(),
    source: ideaSourceSchema,
    asset_type: ideaAssetTypeSchema,
    status: ideaStatusSchema,
    votes: z.number().int(),
    viewer_name: z.string().nullable().describe('The display name of the viewer who suggested it, when known'),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: 'LiveIdea' });
export type LiveIdea = z.infer<typeof liveIdeaSchema>;

const base = { at: isoDateTimeSchema.describe('When it happened') };

const ideaEvent = <T extends string>(type: T) => z.object({ type: z.literal(type), ...base, idea: liveIdeaSchema });

export const liveEventSchema = z
  .discriminatedUnion('type', [
    ideaEvent('idea.submitted'),
    z
      .object({
        type: z.literal('idea.votes'),
        ...base,
        votes: z
          .array(z.object({ idea_id: uuidSchema, number: z.number().int(), votes: z.number().int() }))
          .describe('The latest count of every idea whose votes changed since the previous event'),
      })
      .describe('Coalesced: at most a few per second per channel'),
    ideaEvent('idea.approved'),
    z.object({ type: z.literal('idea.rejected'), ...base, idea: liveIdeaSchema, reason: z.string().nullable() }),
    z
      .object({
        type: z.literal('idea.generating'),
        ...base,
        idea_id: uuidSchema,
        number: z.number().int(),
        progress: z.number().int().min(0).max(100),
      })
      .describe('Coalesced: at most a few per second per channel'),
    z.object({
      type: z.literal('idea.ready'),
      ...base,
      idea: liveIdeaSchema,
      asset_ids: z.array(uuidSchema).describe('Private in the library until the streamer publishes them'),
    }),
    z.object({ type: z.literal('idea.failed'), ...base, idea: liveIdeaSchema }),
    ideaEvent('idea.expired'),
  ])
  .meta({ id: 'LiveEvent' });
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];

/** Every live event type, in the order an idea meets them. */
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = liveEventSchema.options.map(
  (option): LiveEventType => option.shape.type.value,
);

/** Event types that are coalesced per channel (the latest value wins); the rest go out as they happen. */
export const COALESCED_LIVE_EVENT_TYPES: readonly LiveEventType[] = ['idea.votes', 'idea.generating'];
