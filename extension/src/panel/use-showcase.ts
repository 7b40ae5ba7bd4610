import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, errorCodes } from '@aurastream/contract/extension';
import type { TwitchAuthorization, TwitchExtensionHelper, TwitchTheme } from '../shared/twitch-extension';
import { claimsOf, extensionApi, type ExtensionPanel, type ViewerClaims } from './api';

/** Why the showcase cannot show, each with its own message in the panel. */
export type ShowcaseProblem =
  { kind: 'not_connected' } | { kind: 'unauthorized' } | { kind: 'busy'; retryInSeconds: number } | { kind: 'failed' };

export type ShowcaseState =
  | { status: 'outside_twitch' }
  | { status: 'loading' }
  | { status: 'ready'; panel: ExtensionPanel }
  | { status: 'problem'; problem: ShowcaseProblem };

function problemOf(error: unknown): ShowcaseProblem {
  if (!(error instanceof ApiError)) {
    return { kind: 'failed' };
  }
  if (error.status === 404 && error.code === errorCodes.channelNotConnected) {
    return { kind: 'not_connected' };
  }
  if (error.status === 401) {
    return { kind: 'unauthorized' };
  }
  if (error.status === 429) {
    return { kind: 'busy', retryInSeconds: Math.min(Math.max(error.retryAfterSeconds ?? 5, 1), 60) };
  }
  return { kind: 'failed' };
}

/**
 * The showcase of the channel the panel is on: waits for Twitch's authorization, loads the panel
 * data with the viewer's JWT, reloads whenever Twitch refreshes the JWT or the channel changes, and
 * retries by itself once a rate limit lifts.
 */
export function useShowcase(helper: TwitchExtensionHelper | null) {
  const [state, setState] = useState<ShowcaseState>(helper ? { status: 'loading' } : { status: 'outside_twitch' });
  const [theme, setTheme] = useState<TwitchTheme>('dark');
  const [language, setLanguage] = useState<string>(navigator.language);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [claims, setClaims] = useState<ViewerClaims | null>(null);
  const token = useRef<string | null>(null);
  const channel = useRef<string | null>(null);
  const request = useRef<AbortController | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const api = useMemo(() => extensionApi(() => token.current), []);

  const load = useCallback(async () => {
    if (!token.current) {
      return;
    }
    request.current?.abort();
    if (retryTimer.current) {
      clearTimeout(retryTimer.current);
      retryTimer.current = null;
    }
    const controller = new AbortController();
    request.current = controller;
    setState((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const panel = await api.extension.panel(undefined, { signal: controller.signal });
      setState({ status: 'ready', panel });
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      const problem = problemOf(error);
      // a failed refresh leaves the showcase a viewer is looking at in place, unless it is gone
      setState((current) =>
        current.status === 'ready' && problem.kind !== 'not_connected' ? current : { status: 'problem', problem },
      );
      if (problem.kind === 'busy') {
        retryTimer.current = setTimeout(() => void load(), problem.retryInSeconds * 1000);
      }
    }
  }, [api]);

  useEffect(() => {
    if (!helper) {
      return;
    }
    helper.onAuthorized((auth: TwitchAuthorization) => {
      token.current = auth.token;
      const next = claimsOf(auth.token);
      // a refreshed token of the same viewer changes nothing the interface shows
      setClaims((current) => (current?.role === next.role && current.userId === next.userId ? current : next));
      if (channel.current !== auth.channelId) {
        // another channel: its showcase, not the last one's, is what is loading
        channel.current = auth.channelId;
        setChannelId(auth.channelId);
        setState({ status: 'loading' });
      }
      void load();
    });
    helper.onContext((context) => {
      if (context.theme) {
        setTheme(context.theme);
      }
      if (context.language) {
        setLanguage(context.language);
      }
    });
    return () => {
      request.current?.abort();
      if (retryTimer.current) {
        clearTimeout(retryTimer.current);
      }
    };
  }, [helper, load]);

  return { state, theme, language, channelId, claims, api, retry: load };
}
