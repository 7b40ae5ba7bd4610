import { useState } from 'preact/hooks';
import type { ShowcaseItem } from './api';
import { designLabel, groupLabel, groupOf, isChatSized } from './design-groups';
import { BrokenImageIcon, ZoomIcon } from './icons';

interface DesignTileProps {
  item: ShowcaseItem;
  streamer: string;
  onOpen: (item: ShowcaseItem, trigger: HTMLElement) => void;
}

/** One design in the grid: a button opening the closer look, its picture on a transparency grid. */
export function DesignTile({ item, streamer, onOpen }: DesignTileProps) {
  const [failed, setFailed] = useState(false);
  const group = groupOf(item);
  const chatSized = isChatSized(group);
  const label = designLabel(item);
  // "Starting soon" says more than the section's "Scenes"; "Panel" under "Panels" says nothing
  const showLabel = !chatSized && label !== groupLabel(group, 1);
  if (failed) {
    // hidden since the showcase loaded (made private, deleted): nothing to open
    return (
      <div class={`tile tile--${chatSized ? 'square' : 'wide'} tile--unavailable`} title={`${label} unavailable`}>
        <BrokenImageIcon size={18} />
        <span class="visually-hidden">{label} no longer available</span>
      </div>
    );
  }
  return (
    <button
      type="button"
      class={`tile tile--${chatSized ? 'square' : 'wide'}`}
      style={chatSized ? undefined : { aspectRatio: `${item.width} / ${item.height}` }}
      aria-label={`${label} by ${streamer}: look closer`}
      title={label}
      onClick={(event) => onOpen(item, event.currentTarget)}
    >
      <img
        class="tile__image"
        src={item.url}
        alt=""
        width={item.width}
        height={item.height}
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => setFailed(true)}
      />
      {showLabel && <span class="tile__label">{label}</span>}
      <span class="tile__zoom" aria-hidden="true">
        <ZoomIcon size={14} />
      </span>
    </button>
  );
}
