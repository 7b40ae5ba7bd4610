import { useEffect } from 'preact/hooks';
import type { AuthProvidersResponse, Camelize } from '@aurastream/contract';
import { sessionApi } from '../../api/client';
import { createStore, useStore } from '../../lib/store';

export type AuthProviders = Camelize<AuthProvidersResponse>;

/** Which sign-in providers the service offers; null until asked (the buttons wait rather than guess). */
const providers = createStore<AuthProviders | null>(null);
let asked: Promise<void> | null = null;

function ask(): Promise<void> {
  asked ??= sessionApi.auth
    .providers()
    .then((answer) => providers.set(answer))
    .catch(() => {
      // unknown: offer nothing that might not work, and ask again next time
      asked = null;
      providers.set({ twitch: { configured: false, simulated: false } });
    });
  return asked;
}

/** The providers this server offers, asked once per page load. */
export function useAuthProviders(): AuthProviders | null {
  useEffect(() => {
    void ask();
  }, []);
  return useStore(providers);
}
