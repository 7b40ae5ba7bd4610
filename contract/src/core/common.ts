import { z } from 'zod';

/** Every error the API answers has this body. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, snake_case machine-readable code, e.g. `validation_failed`'),
      message: z.string().describe('Human-readable explanation'),
      details: z
        .unknown()
        .nullable()
        .optional()
        .describe('Per-field problems for validation errors; otherwise extra context'),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Bytes of `text` in UTF-8 (what a length limit in bytes, such as bcrypt's 72, counts). */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Our ids are UUID strings. */
export const uuidSchema = z.uuid({ message: 'must be a UUID' });

export const idParamsSchema = z.object({ id: uuidSchema });

/** Timestamps travel as ISO 8601 strings. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');

export const subscriptionTierSchema = z.enum(['free', 'pro', 'studio']).meta({ id: 'SubscriptionTier' });
export type SubscriptionTier = z.infer<typeof subscriptionTierSchema>;

export const subscriptionStatusSchema = z
  .enum(['active', 'past_due', 'canceled', 'none'])
  .meta({ id: 'SubscriptionStatus' });
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

export const userRoleSchema = z.enum(['user', 'admin']).meta({ id: 'UserRole' });
export type UserRole = z.infer<typeof userRoleSchema>;

export const messageResponseSchema = z.object({ message: z.string() }).meta({ id: 'MessageResponse' });
export type MessageResponse = z.infer<typeof messageResponseSchema>;

/** Cursor pagination: pass `next_cursor` back as `cursor` to get the next page. */
export const cursorPageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});
