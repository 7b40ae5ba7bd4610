import { assetTypeName, formatBytes, formatDate, styleName } from '../../lib/format';
import { trackAsset } from '../../lib/analytics';
import { Modal } from '../../ui/modal';
import { Button } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { notify } from '../../ui/toasts';
import { ScoreBadge } from './asset-card';
import { ChatPreview } from './chat-preview';
import { downloadFile, fileName, type Design } from './designs';
import { downloadDesignZip, moreLikeThis } from './design-actions';
import { limitOwner, useUploadLimit } from './upload-limits';
import { reportError } from '../upgrade/upgrade-prompt';

/** A design up close: every size to download, sharing, visibility and deletion. */
export function AssetDetail({
  design,
  onClose,
  onToggleVisibility,
  onDelete,
}: {
  design: Design | null;
  onClose: () => void;
  onToggleVisibility: (design: Design) => void;
  onDelete: (design: Design) => void;
}) {
  const limit = useUploadLimit(design?.assetType ?? '');
  if (!design) {
    return <Modal open={false} onClose={onClose} title="" children={null} />;
  }
  const params = design.preview.generationParams;
  const publicUrl = `${window.location.origin}/api/v1/asset/${design.preview.id}/image`;
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(publicUrl);
      notify('success', 'Public link copied');
    } catch {
      notify('info', publicUrl, 10_000);
    }
    trackAsset('asset_shared', design.assetType, { via: 'link' });
  };
  return (
    <Modal
      open
      onClose={onClose}
      title={`${assetTypeName(design.assetType)} · variation ${design.variation}`}
      size="lg"
    >
      <div class="detail-layout">
        <div class="detail-preview is-checker">
          <img src={design.preview.url} alt={design.prompt ?? assetTypeName(design.assetType)} />
        </div>
        <div class="detail-info stack">
          {design.prompt && (
            <p class="detail-prompt" title={design.prompt}>
              “{design.prompt}”
            </p>
          )}
          <div class="chip-row">
            <span class="chip chip-muted">
              {params.aiGenerated ? `AI · ${params.model ?? 'image model'}` : 'Built-in renderer'}
            </span>
            {params.stylePreset && <span class="chip chip-muted">{styleName(params.stylePreset)}</span>}
            <span class="chip chip-muted">{formatDate(design.createdAt)}</span>
            {design.viralScore !== null && <ScoreBadge score={design.viralScore} />}
          </div>
          {params.credit && (
            <p class="muted small">
              AI-made from idea #{params.credit.ideaNumber} by {params.credit.viewerDisplayName ?? 'a viewer'}
            </p>
          )}
          {design.legibility && <p class="muted small">{design.legibility}</p>}
          <ChatPreview design={design} />
          <div class="detail-heading-row">
            <h3 class="detail-heading">Downloads</h3>
            <Button
              size="sm"
              variant="primary"
              icon="download"
              onClick={() => void downloadDesignZip(design).catch(reportError)}
            >
              All sizes (.zip)
            </Button>
          </div>
          {limit && (
            <p class="muted small">
              Upload to {limit.uploadTo}. {limitOwner(limit)}’s limit: {formatBytes(limit.maxBytes)} per file.
            </p>
          )}
          <ul class="download-list">
            {design.sizes.map((file) => (
              <li key={file.id}>
                <span>
                  {file.width}×{file.height}
                  <span class="muted">
                    {' '}
                    · {file.format.toUpperCase()} · {formatBytes(file.fileSize)}
                    {limit && ` of ${formatBytes(limit.maxBytes)}`}
                  </span>
                  {limit && file.fileSize !== null && file.fileSize > limit.maxBytes && (
                    <span class="chip chip-tiny chip-warning">Over the limit</span>
                  )}
                </span>
                <Button
                  size="sm"
                  icon="download"
                  onClick={() => {
                    trackAsset('asset_downloaded', file.assetType, { size: `${file.width}x${file.height}` });
                    downloadFile(file.url, fileName(file));
                  }}
                >
                  Download
                </Button>
              </li>
            ))}
          </ul>
          <h3 class="detail-heading">Publishing</h3>
          <div class="visibility-row">
            <label class="switch">
              <input
                type="checkbox"
                role="switch"
                checked={design.isPublic}
                onChange={() => onToggleVisibility(design)}
              />
              <span class="switch-track" aria-hidden="true" />
              <span>
                {design.isPublic
                  ? 'Published: on your Twitch panel, and anyone with the link can see it'
                  : 'Private: only you can see it. Publish it to show it on your panel.'}
              </span>
            </label>
            {design.isPublic && (
              <Button size="sm" variant="ghost" icon="link" onClick={() => void copyLink()}>
                Copy link
              </Button>
            )}
          </div>
          <div>
            <Button icon="sparkles" onClick={() => moreLikeThis(design)}>
              More like this
            </Button>
          </div>
          <div class="detail-danger">
            <Button variant="danger" icon="trash" onClick={() => onDelete(design)}>
              Delete {design.sizes.length > 1 ? `all ${design.sizes.length} sizes` : ''}
            </Button>
            <span class="muted small">
              <Icon name="undo" size={12} /> You can undo for 5 seconds
            </span>
          </div>
        </div>
      </div>
    </Modal>
  );
}
