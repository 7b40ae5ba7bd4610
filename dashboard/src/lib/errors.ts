import { ApiError, tierLimitErrorCodes } from '@aurastream/contract';

/** 403 codes meaning "your plan does not include this": they open the upgrade prompt. */
const tierLimitCodes = new Set<string>(tierLimitErrorCodes);

export function isTierLimitError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 403 && tierLimitCodes.has(error.code);
}

/** One field's problem from a 422 answer. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The per-field problems of a validation error (`details: [{field, message}]`). */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) {
    return [];
  }
  return (error.details as unknown[]).flatMap((item) => {
    if (typeof item === 'object' && item !== null && 'field' in item && 'message' in item) {
      const { field, message } = item;
      return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
    }
    return [];
  });
}

/** A sentence a streamer can act on, for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.retryAfterSeconds;
      return wait ? `${error.message} (try again in ${formatWait(wait)})` : error.message;
    }
    if (error.status === 422) {
      const problems = fieldProblems(error);
      if (problems.length > 0) {
        return problems.map((problem) => `${humanField(problem.field)} ${problem.message}`).join('; ');
      }
    }
    if (error.status >= 500) {
      return 'Something went wrong on our side. Please try again in a moment.';
    }
    return error.message;
  }
  if (error instanceof TypeError) {
    return 'Can’t reach AuraStream. Check your connection and try again.';
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

function humanField(field: string): string {
  const last = field.split('.').pop() ?? field;
  const words = last.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatWait(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} min`;
}

/** Reads a number out of an error's `details` object (`limit`, `used`, …). */
export function detailNumber(error: ApiError, key: string): number | null {
  const details = error.details;
  if (typeof details === 'object' && details !== null && key in details) {
    const value = (details as Record<string, unknown>)[key];
    return typeof value === 'number' ? value : null;
  }
  return null;
}

export function detailString(error: ApiError, key: string): string | null {
  const details = error.details;
  if (typeof details === 'object' && details !== null && key in details) {
    const value = (details as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  }
  return null;
}
