import { useEffect, useState } from 'preact/hooks';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, utf8ByteLength } from '@aurastream/contract';

export type ValidationStatus = 'idle' | 'checking' | 'valid' | 'invalid';

export interface ValidationResult {
  status: ValidationStatus;
  message: string | null;
}

/** A rule answers null when the value is fine, else what is wrong. */
export type Rule = (value: string) => string | null;

/**
 * Debounced inline validation: quiet while the streamer types, then a clear verdict, with positive
 * feedback ("Looks good") once a touched field is right. `force` shows the verdict at once (submit).
 */
export function useValidation(value: string, rules: Rule[], options: { delay?: number; force?: boolean } = {}) {
  const { delay = 450, force = false } = options;
  const [result, setResult] = useState<ValidationResult>({ status: 'idle', message: null });
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (!touched && !force) {
      if (value !== '') {
        setTouched(true);
      }
      return;
    }
    const verdict = (): ValidationResult => {
      for (const rule of rules) {
        const message = rule(value);
        if (message) {
          return { status: 'invalid', message };
        }
      }
      return { status: 'valid', message: null };
    };
    if (force) {
      setResult(verdict());
      return;
    }
    setResult((previous) => (previous.status === 'invalid' ? previous : { status: 'checking', message: null }));
    const timer = setTimeout(() => setResult(verdict()), delay);
    return () => clearTimeout(timer);
    // rules are recreated each render; the value and force are what change the verdict
  }, [value, force, touched]);

  const firstProblem = rules.map((rule) => rule(value)).find((message) => message !== null) ?? null;
  return { ...result, isValid: firstProblem === null, firstProblem };
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const rules = {
  required:
    (what = 'This field'): Rule =>
    (value) =>
      value.trim() ? null : `${what} is required`,
  email: (): Rule => (value) =>
    emailPattern.test(value.trim()) ? null : 'Enter an e-mail address like you@example.com',
  minLength:
    (min: number, what = 'It'): Rule =>
    (value) =>
      value.length >= min ? null : `${what} needs at least ${min} characters`,
  maxLength:
    (max: number, what = 'It'): Rule =>
    (value) =>
      value.length <= max ? null : `${what} can have at most ${max} characters`,
  maxBytes:
    (max: number): Rule =>
    (value) =>
      utf8ByteLength(value) <= max ? null : `That is too long (at most ${max} bytes)`,
  notEqual:
    (other: () => string, message: string): Rule =>
    (value) =>
      value && value.toLowerCase() === other().toLowerCase() ? message : null,
  equal:
    (other: () => string, message: string): Rule =>
    (value) =>
      value === other() ? null : message,
  hexColor: (): Rule => (value) =>
    /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value.trim()) ? null : 'Use a hex colour like #9146FF',
};

/** The service's length rules for a new password (the rest of its policy is checked there). */
export function newPasswordRules(what = 'Your password'): Rule[] {
  return [rules.minLength(PASSWORD_MIN_LENGTH, what), rules.maxBytes(PASSWORD_MAX_BYTES)];
}

/** A rough strength score (0–4) for the meter under password fields. */
export function passwordStrength(password: string): number {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return password.length === 0 ? 0 : 1;
  }
  let score = 1;
  if (password.length >= 12) {
    score += 1;
  }
  if (/[a-z]/.test(password) && /[A-Z]/.test(password)) {
    score += 1;
  }
  if (/\d/.test(password) && /[^A-Za-z0-9]/.test(password)) {
    score += 1;
  }
  return Math.min(score, 4);
}
