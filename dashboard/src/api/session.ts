import { ApiError } from '@aurastream/contract';
import { createStore, useStore } from '../lib/store';
import { api, sessionApi } from './client';
import { CSRF_COOKIE, credentials } from './credentials';
import { readCookie } from '../lib/cookies';
import type { LoginResult, User } from './types';

export type SessionState =
  | { status: 'restoring'; user: null }
  | { status: 'signed_out'; user: null; reason?: 'expired' | 'signed_out' | 'deleted' }
  | { status: 'signed_in'; user: User };

export const session = createStore<SessionState>({ status: 'restoring', user: null });

export function useSession(): SessionState {
  return useStore(session);
}

/** The signed-in user; only call below a route that requires one. */
export function useUser(): User {
  const state = useSession();
  if (state.status !== 'signed_in') {
    throw new Error('useUser() outside a signed-in route');
  }
  return state.user;
}

// Tabs tell each other about sign-in and sign-out so they never disagree for long.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('aurastream-session') : null;
type SessionMessage = { type: 'signed_out' } | { type: 'signed_in' };

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let expiresAt = 0;

function scheduleRefresh(expiry: string): void {
  expiresAt = Date.parse(expiry);
  clearTimeout(refreshTimer);
  // a minute early, so requests never carry a token about to lapse
  const delay = Math.max(5_000, expiresAt - Date.now() - 60_000);
  refreshTimer = setTimeout(() => void refreshSession(), delay);
}

function applyLogin(result: LoginResult): void {
  credentials.set({ accessToken: result.accessToken, csrfToken: result.csrfToken ?? null });
  scheduleRefresh(result.expiresAt);
  session.set({ status: 'signed_in', user: result.user });
}

function clearSession(reason: 'expired' | 'signed_out' | 'deleted', broadcast: boolean): void {
  clearTimeout(refreshTimer);
  credentials.clear();
  session.set({ status: 'signed_out', user: null, reason });
  if (broadcast) {
    channel?.postMessage({ type: 'signed_out' } satisfies SessionMessage);
  }
}

/**
 * Refresh tokens rotate on every use and a reused one ends the session, so two tabs must never
 * refresh at once: the Web Locks API serialises refreshes across every tab of this origin.
 */
async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && 'locks' in navigator) {
    return navigator.locks.request('aurastream-refresh', task);
  }
  return task();
}

let inflight: Promise<boolean> | null = null;

/** Gets a new access token with the refresh cookie; resolves false (signed out) when it cannot. */
export function refreshSession(): Promise<boolean> {
  inflight ??= withRefreshLock(async () => {
    if (!readCookie(CSRF_COOKIE)) {
      clearSession('expired', false);
      return false;
    }
    try {
      applyLogin(await sessionApi.auth.refresh({ body: {} }));
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        clearSession('expired', false);
        return false;
      }
      // offline or a server hiccup: keep the session; the next request or timer tries again
      scheduleRefresh(new Date(Date.now() + 90_000).toISOString());
      return session.get().status === 'signed_in';
    }
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

credentials.setRefresher(refreshSession);

/** On page load: a session cookie means we can sign in silently. */
export async function restoreSession(): Promise<void> {
  if (!readCookie(CSRF_COOKIE)) {
    session.set({ status: 'signed_out', user: null });
    return;
  }
  if (!(await refreshSession())) {
    // an old cookie on a fresh visit is not news worth a banner
    session.set({ status: 'signed_out', user: null });
  }
}

export async function signIn(email: string, password: string): Promise<User> {
  const result = await sessionApi.auth.login({ body: { email, password } });
  applyLogin(result);
  channel?.postMessage({ type: 'signed_in' } satisfies SessionMessage);
  return result.user;
}

/** Creates the account, then signs in with the same credentials. */
export async function signUp(input: { email: string; password: string; displayName: string }): Promise<User> {
  await sessionApi.auth.signup({ body: input });
  return signIn(input.email, input.password);
}

export async function signOut(): Promise<void> {
  try {
    await api.auth.logout({ body: {} });
  } catch {
    // signing out locally matters most; the server session expires on its own
  }
  clearSession('signed_out', true);
}

/** After the account was deleted: no server call left to make. */
export function forgetSession(): void {
  clearSession('deleted', true);
}

/** A password change answers this device's new tokens. */
export function adoptLogin(result: LoginResult): void {
  applyLogin(result);
}

export function setUser(user: User): void {
  if (session.get().status === 'signed_in') {
    session.set({ status: 'signed_in', user });
  }
}

/** Re-reads the user (after a generation changed the monthly count, say). */
export async function reloadUser(): Promise<void> {
  if (session.get().status !== 'signed_in') {
    return;
  }
  try {
    setUser(await api.auth.me());
  } catch {
    // the header shows the last known numbers until the next successful read
  }
}

channel?.addEventListener('message', (event: MessageEvent<SessionMessage>) => {
  if (event.data.type === 'signed_out' && session.get().status === 'signed_in') {
    clearSession('signed_out', false);
  } else if (event.data.type === 'signed_in' && session.get().status !== 'signed_in') {
    void refreshSession();
  }
});

// a laptop waking up: the timer may have slept through the expiry
document.addEventListener('visibilitychange', () => {
  if (
    document.visibilityState === 'visible' &&
    session.get().status === 'signed_in' &&
    Date.now() > expiresAt - 30_000
  ) {
    void refreshSession();
  }
});
