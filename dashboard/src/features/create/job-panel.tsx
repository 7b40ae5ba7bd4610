import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Asset, Job } from '../../api/types';
import { assetTypeName, formatBytes, styleName } from '../../lib/format';
import { trackAsset } from '../../lib/analytics';
import { Button } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { ProgressBar } from '../../ui/progress';
import { reportError } from '../upgrade/upgrade-prompt';
import { bestFirst, downloadFile, fileName, groupDesigns, tileUrl, type Design } from '../assets/designs';
import { ChatPreview } from '../assets/chat-preview';
import { ScoreBadge } from '../assets/asset-card';
import { terminalStatuses } from './use-job';
import { setDesignsPublic, withUpdated } from '../assets/publication';
import { downloadDesignZip, moreLikeThis } from '../assets/design-actions';
import { useUploadLimit } from '../assets/upload-limits';

const statusText: Record<Job['status'], string> = {
  queued: 'Queued: your asset is next up',
  processing: 'Rendering',
  completed: 'Done!',
  failed: 'This one failed',
  cancelled: 'Cancelled',
};

/** Live progress of one job and, as files arrive, its designs with every size. */
export function JobPanel({ job, assets }: { job: Job; assets: Asset[] }) {
  const [cancelling, setCancelling] = useState(false);
  /** Files as the service stored them after a publication from this panel. */
  const [changed, setChanged] = useState<Asset[]>([]);
  const [publishing, setPublishing] = useState<string | null>(null);
  const finished = terminalStatuses.has(job.status);
  // the variation that reads best in chat leads
  const designs = bestFirst(groupDesigns(withUpdated(assets, changed)));
  const unpublished = designs.filter((design) => !design.isPublic);
  const limit = useUploadLimit(job.assetType);
  const publish = async (chosen: Design[], isPublic: boolean, key: string) => {
    setPublishing(key);
    try {
      const stored = await setDesignsPublic(chosen, isPublic);
      setChanged((list) => [
        ...withUpdated(list, stored),
        ...stored.filter((file) => !list.some((old) => old.id === file.id)),
      ]);
    } catch (error) {
      reportError(error);
    } finally {
      setPublishing(null);
    }
  };
  const [first, second] = designs;
  const leader = (first?.viralScore ?? -1) > (second?.viralScore ?? Infinity) ? first : null;
  const cancel = async () => {
    setCancelling(true);
    try {
      await api.generation.cancelJob({ params: { id: job.id } });
    } catch (error) {
      reportError(error);
    } finally {
      setCancelling(false);
    }
  };
  return (
    <section class={`job-panel status-${job.status}`} aria-labelledby={`job-${job.id}`}>
      <header class="job-header">
        <div>
          <h2 class="job-title" id={`job-${job.id}`}>
            {assetTypeName(job.assetType)}
            {job.stylePreset ? <span class="chip chip-muted">{styleName(job.stylePreset)}</span> : null}
          </h2>
          <p class="job-prompt">“{job.customPrompt}”</p>
        </div>
        {!finished && (
          <Button size="sm" variant="ghost" icon="x" busy={cancelling} onClick={() => void cancel()}>
            Cancel
          </Button>
        )}
      </header>
      <div class="job-status" aria-live="polite" aria-atomic="true">
        <span class={`status-dot dot-${job.status}`} aria-hidden="true" />
        <span>
          {statusText[job.status]}
          {!finished && job.totalAssets > 0 && ` · ${job.completedAssets} of ${job.totalAssets} files`}
        </span>
      </div>
      {!finished && (
        <ProgressBar value={job.progress} indeterminate={job.status === 'queued'} label="Generation progress" />
      )}
      {job.status === 'failed' && (
        <p class="form-error" role="alert">
          {job.errorMessage ?? 'The generator could not finish this asset.'} Your quota for unmade files was given back.
        </p>
      )}
      {finished && designs.length > 0 && (
        <div class="publish-row">
          <p class="muted small">
            {unpublished.length === 0
              ? 'Published: viewers see these on your Twitch panel.'
              : 'New designs are private. Publish the ones you like to show them on your Twitch panel.'}
          </p>
          {unpublished.length > 1 && (
            <Button
              size="sm"
              variant="primary"
              icon="upload"
              busy={publishing === 'all'}
              onClick={() => void publish(unpublished, true, 'all')}
            >
              Publish all {unpublished.length}
            </Button>
          )}
        </div>
      )}
      {designs.length > 0 && (
        <div class="result-grid">
          {designs.map((design) => (
            <article key={design.key} class="result-card">
              <div class="result-preview is-checker">
                <img src={tileUrl(design)} alt={`${assetTypeName(design.assetType)} variation ${design.variation}`} />
              </div>
              <div class="result-meta">
                <span class="result-title">
                  <span>
                    Variation {design.variation}
                    {design === leader && <span class="chip chip-accent chip-tiny result-leader">Reads best</span>}
                  </span>
                  {design.viralScore !== null && <ScoreBadge score={design.viralScore} />}
                </span>
                {design.legibility && <p class="muted small">{design.legibility}</p>}
                <ChatPreview design={design} />
                {finished && (
                  <div class="result-publish">
                    {design.isPublic ? (
                      <>
                        <span class="chip chip-accent chip-tiny">Published</span>
                        <Button
                          size="sm"
                          variant="ghost"
                          busy={publishing === design.key}
                          onClick={() => void publish([design], false, design.key)}
                        >
                          Make private
                        </Button>
                      </>
                    ) : (
                      <Button
                        size="sm"
                        icon="upload"
                        busy={publishing === design.key}
                        onClick={() => void publish([design], true, design.key)}
                        aria-label={`Publish variation ${design.variation} to your panel`}
                      >
                        Publish
                      </Button>
                    )}
                  </div>
                )}
                <ul class="size-list" aria-label="Sizes">
                  {design.sizes.map((file) => (
                    <li key={file.id}>
                      <button
                        type="button"
                        class="size-chip"
                        onClick={() => {
                          trackAsset('asset_downloaded', file.assetType, { size: `${file.width}x${file.height}` });
                          downloadFile(file.url, fileName(file));
                        }}
                      >
                        <Icon name="download" size={14} />
                        <span class="sr-only">Download </span>
                        <span>
                          {file.width}×{file.height}
                        </span>
                        <span class="muted">
                          {formatBytes(file.fileSize)}
                          {limit && <span class="sr-only"> of the {formatBytes(limit.maxBytes)} limit</span>}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
                {limit && <p class="muted small">Upload limit: {formatBytes(limit.maxBytes)} per file</p>}
                {finished && (
                  <div class="result-actions">
                    <Button size="sm" icon="download" onClick={() => void downloadDesignZip(design).catch(reportError)}>
                      All sizes
                    </Button>
                    <Button size="sm" variant="ghost" icon="sparkles" onClick={() => moreLikeThis(design)}>
                      More like this
                    </Button>
                  </div>
                )}
              </div>
            </article>
          ))}
        </div>
      )}
      {!finished && designs.length === 0 && (
        <div class="result-grid" aria-hidden="true">
          {Array.from({ length: job.variations }, (_, index) => (
            <div key={index} class="result-card result-pending">
              <div class="result-preview shimmer-art">
                <Icon name="sparkles" size={28} />
              </div>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
