import type { TwitchTheme } from '../shared/twitch-extension';
import type { HarnessPage, HarnessSession } from './harness-app';

/** Query parameters Twitch appends when it loads a panel (the panel reads none today). */
const twitchQuery = 'anchor=panel&language=en&locale=en-US&mode=viewer&platform=web&popout=false&state=testing';

interface PanelStageProps {
  session: HarnessSession | null;
  theme: TwitchTheme;
  pending: boolean;
  page: HarnessPage;
}

/** A slice of a Twitch channel page: the "About" panels row, with the extension in its 318 × 496 slot. */
export function PanelStage({ session, theme, pending, page }: PanelStageProps) {
  const [width, height] = page === 'panel' ? [318, 496] : [560, 640];
  return (
    <main class={`stage stage--${theme}`} aria-label="Channel page preview">
      <div class="stage__page">
        <p class="stage__eyebrow">twitch.tv/{session ? `channel ${session.channelId}` : '…'} · About</p>
        <div class="stage__panels">
          <div class="stage__panel stage__panel--static" aria-hidden="true">
            <span class="stage__placeholder-title" />
            <span class="stage__placeholder-line" />
            <span class="stage__placeholder-line stage__placeholder-line--short" />
          </div>
          <figure class="stage__extension">
            {session ? (
              <iframe
                key={session.loadNumber}
                class={`stage__frame stage__frame--${page}`}
                title={page === 'panel' ? 'AuraStream panel extension' : 'AuraStream panel configuration'}
                src={`./${page}.html?${twitchQuery.replace('mode=viewer', page === 'panel' ? 'mode=viewer' : 'mode=config')}`}
                width={width}
                height={height}
              />
            ) : (
              <div class="stage__empty">
                {pending ? 'Asking the service for a viewer token…' : 'Enter a channel id to load the panel.'}
              </div>
            )}
            <figcaption>
              {page === 'panel' ? 'Panel extension' : 'Configuration page'} · {width} × {height}
            </figcaption>
          </figure>
        </div>
      </div>
    </main>
  );
}
