import { randomUUID } from 'node:crypto';
import type { TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { call, CookieJar } from './http';

export const testPassword = 'violet-Otter-42';

export function uniqueEmail(label = 'streamer'): string {
  return `${label}-${randomUUID()}@example.test`;
}

export interface SignedIn {
  email: string;
  login: LoginResponse;
  /** The browser's cookies after sign-in (refresh and CSRF cookies). */
  jar: CookieJar;
}

/** Signs up through the API (so the account has a password) and signs in like a browser. */
export async function signUpAndLogIn(app: TestService, email = uniqueEmail()): Promise<SignedIn> {
  const signup = await call(app, 'POST', '/api/v1/auth/signup', {
    body: { email, password: testPassword, display_name: 'Test Streamer' },
  });
  if (signup.status !== 201) {
    throw new Error(`sign-up failed: ${signup.status} ${await signup.text()}`);
  }
  return logIn(app, email);
}

/** Another sign-in (another device) of an existing account. */
export async function logIn(app: TestService, email: string, password = testPassword): Promise<SignedIn> {
  const jar = new CookieJar();
  const response = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password }, jar });
  if (response.status !== 200) {
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  }
  return { email, login: (await response.json()) as LoginResponse, jar };
}
