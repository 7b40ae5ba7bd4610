import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  PANEL_VIEWS,
  type Camelize,
  type ExtensionConfigResponse,
  type IdeaSubmitters,
  type PanelView,
} from '@aurastream/contract/extension';
import type { TwitchExtensionHelper, TwitchTheme } from '../shared/twitch-extension';
import { extensionApi } from '../panel/api';
import { brandStyle } from '../panel/brand-colors';

type Config = Camelize<ExtensionConfigResponse>;

const VIEW_LABELS: Record<PanelView, string> = {
  showcase: 'Showcase: your published designs',
  ideas: 'Ideas: viewers suggest and vote',
  live: 'Live: what is being made, then the result',
};
const SUBMITTERS: Record<IdeaSubmitters, string> = {
  everyone: 'Everyone',
  subscribers: 'Subscribers (and VIPs, mods)',
  vips: 'VIPs (and mods)',
  moderators: 'Moderators only',
};

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'AuraStream could not be reached; try again in a moment.';
}

/**
 * The broadcaster's configuration page (Twitch's "Config Path"): the channel's ideas settings and
 * which views the panel shows, stored in AuraStream with the broadcaster's extension JWT.
 */
export function ConfigApp({ helper }: { helper: TwitchExtensionHelper | null }) {
  const token = useRef<string | null>(null);
  const api = useMemo(() => extensionApi(() => token.current), []);
  const [config, setConfig] = useState<Config | null>(null);
  const [terms, setTerms] = useState('');
  const [status, setStatus] = useState<{ tone: 'success' | 'error' | 'none'; text: string }>({
    tone: 'none',
    text: helper ? 'Loading your settings…' : 'This page runs in Twitch’s extension settings.',
  });
  const [theme, setTheme] = useState<TwitchTheme>('dark');

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  useEffect(() => {
    helper?.onContext((context) => context.theme && setTheme(context.theme));
    helper?.onAuthorized((auth) => {
      token.current = auth.token;
      api.extension.getConfig().then(
        (loaded) => {
          setConfig(loaded);
          setTerms(loaded.ideas.blockedTerms.join('\n'));
          setStatus({ tone: 'none', text: '' });
        },
        (error: unknown) => setStatus({ tone: 'error', text: messageOf(error) }),
      );
    });
  }, [helper, api]);

  if (!config) {
    return (
      <main class="config" style={brandStyle(null, theme)}>
        <h1 class="config__title">AuraStream panel</h1>
        <p class={`notice notice--${status.tone}`} role="status">
          {status.text}
        </p>
      </main>
    );
  }
  const ideas = config.ideas;
  const setIdeas = (change: Partial<Config['ideas']>) => setConfig({ ...config, ideas: { ...ideas, ...change } });
  const toggleView = (view: PanelView, shown: boolean) =>
    setConfig({
      ...config,
      panel: { views: PANEL_VIEWS.filter((each) => (each === view ? shown : config.panel.views.includes(each))) },
    });

  const save = async (event: Event) => {
    event.preventDefault();
    setStatus({ tone: 'none', text: 'Saving…' });
    try {
      const saved = await api.extension.updateConfig({
        body: {
          ideas: {
            ...ideas,
            blockedTerms: terms
              .split('\n')
              .map((term) => term.trim())
              .filter(Boolean),
          },
          panel: config.panel,
        },
      });
      setConfig(saved);
      setStatus({ tone: 'success', text: 'Saved. Your panel shows the change on its next load.' });
    } catch (error) {
      setStatus({ tone: 'error', text: messageOf(error) });
    }
  };

  return (
    <main class="config" style={brandStyle(null, theme)}>
      <h1 class="config__title">AuraStream panel</h1>
      <form onSubmit={(event) => void save(event)}>
        <fieldset>
          <legend>Views in your panel</legend>
          {PANEL_VIEWS.map((view) => (
            <label key={view} class="check">
              <input
                type="checkbox"
                checked={config.panel.views.includes(view)}
                onChange={(event) => toggleView(view, event.currentTarget.checked)}
              />
              {VIEW_LABELS[view]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Viewer ideas</legend>
          <label class="check">
            <input
              type="checkbox"
              checked={ideas.enabled}
              onChange={(event) => setIdeas({ enabled: event.currentTarget.checked })}
            />
            Take ideas from viewers
          </label>
          <label class="field">
            Who may suggest
            <select
              value={ideas.submitters}
              onChange={(event) => setIdeas({ submitters: event.currentTarget.value as IdeaSubmitters })}
            >
              {Object.entries(SUBMITTERS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={ideas.panelRequiresIdentity}
              onChange={(event) => setIdeas({ panelRequiresIdentity: event.currentTarget.checked })}
            />
            Viewers share their Twitch name to suggest (names show, bans apply)
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={ideas.onePendingPerViewer}
              onChange={(event) => setIdeas({ onePendingPerViewer: event.currentTarget.checked })}
            />
            One waiting idea per viewer
          </label>
          <label class="field">
            Seconds between a viewer’s ideas
            <input
              type="number"
              min={0}
              max={86400}
              value={ideas.cooldownSeconds}
              onInput={(event) => setIdeas({ cooldownSeconds: Number(event.currentTarget.value) })}
            />
          </label>
          <label class="field">
            Moderators may approve and reject
            <select
              value={ideas.moderators === 'none' ? 'none' : 'all'}
              onChange={(event) => setIdeas({ moderators: event.currentTarget.value === 'none' ? 'none' : 'all' })}
            >
              <option value="all">Yes, every moderator</option>
              <option value="none">No, only me</option>
            </select>
          </label>
          <label class="field">
            Blocked words (one per line)
            <textarea rows={3} value={terms} onInput={(event) => setTerms(event.currentTarget.value)} />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={ideas.useDefaultBlockedTerms}
              onChange={(event) => setIdeas({ useDefaultBlockedTerms: event.currentTarget.checked })}
            />
            Also block AuraStream’s list of slurs and sexual terms
          </label>
        </fieldset>
        <div class="config__actions">
          <button type="submit" class="button">
            Save
          </button>
          <p class={`notice notice--${status.tone}`} role="status">
            {status.text}
          </p>
        </div>
      </form>
    </main>
  );
}
