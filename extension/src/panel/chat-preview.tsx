import type { ShowcaseItem } from './api';
import { groupOf } from './design-groups';

interface ChatPreviewProps {
  item: ShowcaseItem;
  streamer: string;
}

/**
 * An emote or badge at the size Twitch chat shows it (28 px emotes, 18 px badges): what viewers
 * will see when they use it, which the enlarged picture above cannot tell.
 */
export function ChatPreview({ item, streamer }: ChatPreviewProps) {
  const isBadge = groupOf(item) === 'badge';
  return (
    <figure class="chat-preview" aria-hidden="true">
      <figcaption class="chat-preview__caption">In chat</figcaption>
      <p class="chat-line">
        {isBadge && <img class="chat-line__badge" src={item.url} alt="" width={18} height={18} />}
        <span class="chat-line__name">{isBadge ? 'superfan_42' : streamer}</span>
        {isBadge ? ': subbed for the hype! ' : ': gg everyone '}
        {!isBadge && <img class="chat-line__emote" src={item.url} alt="" width={28} height={28} />}
      </p>
    </figure>
  );
}
