import { ValidationError, type FieldIssue } from '../shared/errors';
import { commonPasswords } from './common-passwords';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from '@aurastream/contract';

/**
 * The problems of a new password, each with a message a person can act on; empty when acceptable.
 * `field` names the request field (`password` or `new_password`) in the 422 details.
 */
export function passwordPolicyIssues(password: string, context: { email: string; field: string }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (message: string, code: string) => issues.push({ field: context.field, message, code });
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    issue(`must be at least ${PASSWORD_MIN_LENGTH} characters`, 'password_too_short');
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    issue(`must be at most ${PASSWORD_MAX_BYTES} bytes`, 'password_too_long');
  }
  const normalized = password.trim().toLowerCase();
  const email = context.email.trim().toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  if (normalized === email || (localPart.length >= 4 && normalized === localPart)) {
    issue('must not be your e-mail address', 'password_is_email');
  }
  if (commonPasswords.has(normalized)) {
    issue('is one of the most common passwords; choose something less guessable', 'password_too_common');
  }
  return issues;
}

/** Throws a 422 naming every problem of the new password. */
export function assertPasswordAcceptable(password: string, context: { email: string; field: string }): void {
  const issues = passwordPolicyIssues(password, context);
  if (issues.length > 0) {
    throw new ValidationError('The password does not meet the password rules', issues);
  }
}
