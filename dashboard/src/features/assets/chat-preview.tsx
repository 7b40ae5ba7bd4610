import { useUser } from '../../api/session';
import { assetTypeName } from '../../lib/format';
import { chatFile, type Design } from './designs';

const badgeTypes = new Set(['badge', 'twitch_badge']);

/** Twitch's chat column in each theme; the preview says which is which. */
const chatThemes = [
  { theme: 'dark', label: 'Dark chat' },
  { theme: 'light', label: 'Light chat' },
] as const;

/**
 * An emote or badge at the size Twitch chat shows it (28 px emotes, 18 px badges), in a chat line on
 * Twitch's dark and light chat: what viewers will see, which the enlarged preview cannot tell.
 * Shows the very file Twitch serves at that size.
 */
export function ChatPreview({ design }: { design: Design }) {
  const user = useUser();
  const file = chatFile(design);
  if (!file) {
    return null;
  }
  const isBadge = badgeTypes.has(design.assetType);
  const name = assetTypeName(design.assetType).toLowerCase();
  return (
    <figure class="chat-preview">
      <figcaption class="chat-preview-caption">In chat at {file.width} px</figcaption>
      <div class="chat-preview-themes">
        {chatThemes.map(({ theme, label }) => {
          const image = (
            <img
              class={isBadge ? 'chat-badge' : 'chat-emote'}
              src={file.url}
              alt={`${name} on ${label.toLowerCase()}`}
              width={file.width}
              height={file.height}
            />
          );
          return (
            <div key={theme} class={`chat-sample chat-${theme}`}>
              <span class="chat-sample-label">{label}</span>
              <p class="chat-line">
                {isBadge && image}
                <span class="chat-name">{isBadge ? 'fan_42' : user.displayName}</span>
                <span class="chat-text">{isBadge ? ': subbed!' : ': gg'}</span>
                {!isBadge && image}
              </p>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
