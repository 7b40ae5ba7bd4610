import type { z } from 'zod';
import type { FieldIssue } from '../shared/errors';

/** Zod issues → `{field, message, code}` per field; `field` is a dotted path (`events.3.category`). */
export function zodIssuesToFieldIssues(error: z.ZodError, location?: 'params' | 'query' | 'body'): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = path || (location === 'body' ? 'body' : (location ?? 'input'));
    // a refinement may name its own code (`params: {code}`) rather than zod's generic `custom`
    const ownCode = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return { field, message: issue.message, code: typeof ownCode === 'string' ? ownCode : issue.code };
  });
}
