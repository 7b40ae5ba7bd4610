import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';
import { idParamsSchema, subscriptionTierSchema, userRoleSchema } from '../core/common';
import { userResponseSchema } from '../auth/schema';

export const adminUserQuerySchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, { message: 'must be at most 254 characters' })
    .optional()
    .describe('An e-mail address or its beginning (case-insensitive); omit to list users alphabetically'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type AdminUserQuery = z.infer<typeof adminUserQuerySchema>;

export const adminUserListSchema = z
  .object({ items: z.array(userResponseSchema).describe('Ordered by e-mail') })
  .meta({ id: 'AdminUserList' });

export const adminUpdateUserSchema = z
  .object({ subscription_tier: subscriptionTierSchema.optional(), role: userRoleSchema.optional() })
  .refine((body) => body.subscription_tier !== undefined || body.role !== undefined, {
    message: 'send subscription_tier and/or role',
  })
  .meta({ id: 'AdminUpdateUserRequest' });

export const adminEndpoints = {
  listUsers: defineEndpoint({
    method: 'GET',
    path: '/api/v1/admin/users',
    tag: 'Admin',
    summary: 'Find users by e-mail',
    auth: 'admin',
    query: adminUserQuerySchema,
    response: adminUserListSchema,
  }),
  updateUser: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/admin/users/{id}',
    tag: 'Admin',
    summary: "Change a user's subscription tier and/or role (billing is out of scope)",
    description: "Applies at once, also to the user's current sessions.",
    auth: 'admin',
    params: idParamsSchema,
    body: adminUpdateUserSchema,
    response: userResponseSchema,
    errors: [404, 409],
  }),
};
