import { z } from 'zod';
import { defineEndpoint } from '../core/endpoint';

export const healthResponseSchema = z
  .object({ status: z.literal('ok'), version: z.string(), uptime_seconds: z.number() })
  .meta({ id: 'HealthResponse' });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

const dependencyStatusSchema = z.object({
  status: z.enum(['up', 'down']),
  latency_ms: z.number().nullable(),
  error: z.string().nullable(),
});

export const readinessResponseSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      mongodb: dependencyStatusSchema,
      redis: dependencyStatusSchema,
      storage: dependencyStatusSchema.describe('The file store: the S3 bucket, or the local files folder'),
    }),
  })
  .meta({ id: 'ReadinessResponse' });

export type ReadinessResponse = z.infer<typeof readinessResponseSchema>;

export const systemEndpoints = {
  health: defineEndpoint({
    method: 'GET',
    path: '/health',
    tag: 'System',
    summary: 'Liveness: the process is up',
    auth: 'none',
    response: healthResponseSchema,
  }),
  ready: defineEndpoint({
    method: 'GET',
    path: '/ready',
    tag: 'System',
    summary: 'Readiness: MongoDB, Redis and the file store answer (503 naming what is down otherwise)',
    auth: 'none',
    response: readinessResponseSchema,
    errors: [503],
  }),
};
