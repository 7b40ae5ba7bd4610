import { assetTypeName, formatRelativeTime } from '../../lib/format';
import { Icon } from '../../ui/icons';
import { tileUrl, type Design } from './designs';

/** Whether an asset type has a transparent background (shown on a checkerboard). */
const transparentTypes = new Set([
  'emote',
  'badge',
  'reward_icon',
  'twitch_emote',
  'twitch_badge',
  'alert',
  'overlay',
  'chat_box',
]);

export function ScoreBadge({ score }: { score: number }) {
  const level = score >= 75 ? 'good' : score >= 50 ? 'ok' : 'low';
  return (
    <span class={`score score-${level}`} title="Legibility at the smallest chat size">
      <Icon name="eye" size={12} /> {score}
    </span>
  );
}

/** A design's tile in grids (library, home, results); with `onSelect`, it can be picked for bulk actions. */
export function AssetCard({
  design,
  onOpen,
  selected,
  onSelect,
}: {
  design: Design;
  onOpen?: (design: Design) => void;
  selected?: boolean;
  onSelect?: (design: Design) => void;
}) {
  const { preview } = design;
  const checker = transparentTypes.has(design.assetType);
  const label = `${assetTypeName(design.assetType)}${design.prompt ? `: ${design.prompt}` : ''}`;
  return (
    <article class={`asset-card ${selected ? 'is-selected' : ''}`}>
      {onSelect && (
        <label class="asset-select">
          <input type="checkbox" checked={selected} onChange={() => onSelect(design)} />
          <span class="sr-only">Select {label}</span>
        </label>
      )}
      <button type="button" class="asset-thumb-button" onClick={() => onOpen?.(design)} aria-label={`Open ${label}`}>
        <div class={`asset-thumb ${checker ? 'is-checker' : ''}`}>
          <img src={tileUrl(design)} alt={label} loading="lazy" width={preview.width} height={preview.height} />
        </div>
      </button>
      <div class="asset-card-meta">
        <div class="asset-card-title">
          <span>{assetTypeName(design.assetType)}</span>
          {design.viralScore !== null && <ScoreBadge score={design.viralScore} />}
        </div>
        <div class="asset-card-sub">
          <span>{design.sizes.length > 1 ? `${design.sizes.length} sizes` : `${preview.width}×${preview.height}`}</span>
          <span aria-hidden="true">·</span>
          <span>{formatRelativeTime(design.createdAt)}</span>
          {design.isPublic ? (
            <span class="chip chip-tiny chip-accent">Published</span>
          ) : (
            <Icon name="lock" size={12} label="Private" />
          )}
          {design.aiGenerated && <span class="chip chip-tiny">AI</span>}
        </div>
      </div>
    </article>
  );
}
