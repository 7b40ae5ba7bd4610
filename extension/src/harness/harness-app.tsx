import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  createExtensionApiClient,
  errorCodes,
  type ExtensionViewerRole,
} from '@aurastream/contract/extension';
import { harnessBridgeName, type TwitchTheme } from '../shared/twitch-extension';
import { HarnessTwitchExt } from './harness-twitch-ext';
import { PanelStage } from './panel-stage';

const api = createExtensionApiClient({ baseUrl: '', credentials: 'omit' });
const storedChannelKey = 'aurastream.extension-harness.channel';

/** The extension page in the frame: the panel, or the broadcaster's configuration page. */
export type HarnessPage = 'panel' | 'config';

/** One panel load: its own stand-in helper and the token it was authorized with. */
export interface HarnessSession {
  ext: HarnessTwitchExt;
  /** Changes on every load, so the panel's frame reloads. */
  loadNumber: number;
  channelId: string;
  role: ExtensionViewerRole;
  opaqueUserId: string;
  expiresAt: string;
}

function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === errorCodes.devTokensDisabled) {
      return `${error.message}. The harness signs test tokens only in development without a real secret; on Twitch, Twitch signs them.`;
    }
    if (error.status === 422) {
      return 'A channel id is the broadcaster’s Twitch user id: digits only.';
    }
    return error.message;
  }
  return 'The AuraStream service could not be reached.';
}

function initialChannel(): string {
  return new URLSearchParams(window.location.search).get('channel') ?? localStorage.getItem(storedChannelKey) ?? '';
}

/**
 * The extension's test harness: the panel in a Twitch-sized frame, authorized with a development
 * JWT from the service, with the channel, the viewer's role and Twitch's theme to play with.
 */
export function HarnessApp() {
  const [channelInput, setChannelInput] = useState(initialChannel);
  const [role, setRole] = useState<ExtensionViewerRole>('viewer');
  const [theme, setTheme] = useState<TwitchTheme>('dark');
  const [page, setPage] = useState<HarnessPage>('panel');
  const [session, setSession] = useState<HarnessSession | null>(null);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [events, setEvents] = useState<string[]>([]);
  const loads = useRef(0);
  // what was chosen last, read by a load when its token arrives: a theme or role picked while a
  // load is in flight is the one the panel gets, and an earlier load never answers after a later one
  const chosenTheme = useRef(theme);
  const latestLoad = useRef<{ request: number; channelId: string } | null>(null);

  const log = (description: string) =>
    setEvents((previous) => [`${new Date().toLocaleTimeString()}  ${description}`, ...previous].slice(0, 6));

  const issueToken = (channelId: string, asRole: ExtensionViewerRole, userId?: string) =>
    api.extension.devToken({ body: { channelId, role: asRole, userId } });
  // the viewer the harness plays, once they share their identity (a made-up Twitch user id)
  const sharedUserId = useRef(String(7_000_000 + Math.floor(Math.random() * 1_000_000)));
  const current = useRef<HarnessSession | null>(null);

  const shareIdentity = async () => {
    const shared = current.current;
    if (!shared) {
      return;
    }
    try {
      const issued = await issueToken(shared.channelId, shared.role, sharedUserId.current);
      shared.ext.authorize({
        channelId: shared.channelId,
        clientId: 'aurastream-harness',
        token: issued.token,
        userId: issued.opaqueUserId,
      });
    } catch (error) {
      setProblem(problemMessage(error));
    }
  };

  const load = async (channelId: string, asRole: ExtensionViewerRole) => {
    const request = (latestLoad.current?.request ?? 0) + 1;
    latestLoad.current = { request, channelId };
    const superseded = () => latestLoad.current?.request !== request;
    setPending(true);
    setProblem(null);
    try {
      const issued = await issueToken(channelId, asRole);
      if (superseded()) {
        return;
      }
      const ext = new HarnessTwitchExt(chosenTheme.current, log, () => void shareIdentity());
      ext.authorize({
        channelId,
        clientId: 'aurastream-harness',
        token: issued.token,
        userId: issued.opaqueUserId,
      });
      // the panel (same origin) finds the stand-in helper here when Twitch's is missing
      window[harnessBridgeName] = { ext };
      loads.current += 1;
      current.current = {
        ext,
        loadNumber: loads.current,
        channelId,
        role: asRole,
        opaqueUserId: issued.opaqueUserId,
        expiresAt: issued.expiresAt,
      };
      setSession({
        ext,
        loadNumber: loads.current,
        channelId,
        role: asRole,
        opaqueUserId: issued.opaqueUserId,
        expiresAt: issued.expiresAt,
      });
      localStorage.setItem(storedChannelKey, channelId);
      window.history.replaceState(null, '', `?channel=${encodeURIComponent(channelId)}`);
    } catch (error) {
      if (!superseded()) {
        setSession(null);
        setProblem(problemMessage(error));
      }
    } finally {
      if (!superseded()) {
        setPending(false);
      }
    }
  };

  const refreshToken = async () => {
    if (!session) {
      return;
    }
    try {
      const issued = await issueToken(session.channelId, session.role);
      session.ext.authorize({
        channelId: session.channelId,
        clientId: 'aurastream-harness',
        token: issued.token,
        userId: issued.opaqueUserId,
      });
      setSession({ ...session, opaqueUserId: issued.opaqueUserId, expiresAt: issued.expiresAt });
    } catch (error) {
      setProblem(problemMessage(error));
    }
  };

  useEffect(() => {
    const channel = channelInput.trim();
    if (channel) {
      void load(channel, role);
    }
    // once, on opening: the channel remembered from last time (or in the URL) loads by itself
  }, []);

  const changeTheme = (next: TwitchTheme) => {
    chosenTheme.current = next;
    setTheme(next);
    session?.ext.setTheme(next);
  };

  const changeRole = (next: ExtensionViewerRole) => {
    setRole(next);
    // the panel shown, or the one still loading, loads again as the new role
    const channelId = latestLoad.current?.channelId;
    if (channelId) {
      void load(channelId, next);
    }
  };

  return (
    <div class="harness" data-theme={theme}>
      <aside class="harness__controls">
        <header class="harness__brand">
          <img src="./aurastream-mark.svg" alt="" width={32} height={32} />
          <div>
            <h1>Panel extension</h1>
            <p>Test harness</p>
          </div>
        </header>
        <p class="harness__intro">
          Previews the AuraStream panel as Twitch shows it on a channel page. Twitch’s Extension Helper is simulated
          here with a development token from <code>POST /api/v1/extension/dev-token</code>.
        </p>
        <form
          class="harness__form"
          onSubmit={(event) => {
            event.preventDefault();
            void load(channelInput.trim(), role);
          }}
        >
          <label class="field">
            <span class="field__label">Twitch channel id</span>
            <input
              class="field__input"
              name="channel"
              inputMode="numeric"
              autoComplete="off"
              placeholder="e.g. 141981764"
              value={channelInput}
              onInput={(event) => setChannelInput(event.currentTarget.value)}
              required
            />
            <span class="field__hint">The broadcaster’s Twitch user id, connected to an AuraStream account.</span>
          </label>
          <button class="harness__button" type="submit" disabled={pending || !channelInput.trim()}>
            {pending ? 'Loading…' : 'Load panel'}
          </button>
        </form>
        <Segmented
          legend="Twitch theme"
          name="theme"
          options={[
            { value: 'dark', label: 'Dark' },
            { value: 'light', label: 'Light' },
          ]}
          value={theme}
          onChange={changeTheme}
        />
        <Segmented
          legend="Page"
          name="page"
          options={[
            { value: 'panel', label: 'Panel' },
            { value: 'config', label: 'Configuration' },
          ]}
          value={page}
          onChange={(next) => {
            setPage(next);
            // Twitch shows the configuration page to the broadcaster only
            if (next === 'config' && role !== 'broadcaster') {
              changeRole('broadcaster');
            } else if (session) {
              void load(session.channelId, role);
            }
          }}
        />
        <Segmented
          legend="Viewer role"
          name="role"
          options={[
            { value: 'viewer', label: 'Viewer' },
            { value: 'broadcaster', label: 'Broadcaster' },
            { value: 'moderator', label: 'Moderator' },
          ]}
          value={role}
          onChange={changeRole}
        />
        {problem && (
          <p class="harness__problem" role="alert">
            {problem}
          </p>
        )}
        {session && (
          <section class="harness__session" aria-label="Simulated Twitch session">
            <dl>
              <dt>Channel</dt>
              <dd>{session.channelId}</dd>
              <dt>Viewer</dt>
              <dd>
                {session.role} · <code>{session.opaqueUserId.slice(0, 10)}…</code>
              </dd>
              <dt>Token expires</dt>
              <dd>{new Date(session.expiresAt).toLocaleTimeString()}</dd>
            </dl>
            <button class="harness__link-button" type="button" onClick={() => void refreshToken()}>
              Refresh the JWT (as Twitch does)
            </button>
          </section>
        )}
        {events.length > 0 && (
          <section class="harness__log" aria-label="Helper events">
            <h2>Helper events</h2>
            <ol>
              {events.map((event, index) => (
                <li key={`${index}-${event}`}>{event}</li>
              ))}
            </ol>
          </section>
        )}
      </aside>
      <PanelStage session={session} theme={theme} pending={pending} page={page} />
    </div>
  );
}

interface SegmentedProps<T extends string> {
  legend: string;
  name: string;
  options: Array<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
}

function Segmented<T extends string>({ legend, name, options, value, onChange }: SegmentedProps<T>) {
  return (
    <fieldset class="segmented">
      <legend class="field__label">{legend}</legend>
      <div class="segmented__options">
        {options.map((option) => (
          <label key={option.value} class="segmented__option">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
