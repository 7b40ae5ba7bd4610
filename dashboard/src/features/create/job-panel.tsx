import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Asset, Job } from '../../api/types';
import { assetTypeName, formatBytes, styleName } from '../../lib/format';
import { trackAsset } from '../../lib/analytics';
import { Button } from '../../ui/button';
import { Icon } from '../../ui/icons';
import { ProgressBar } from '../../ui/progress';
import { reportError } from '../upgrade/upgrade-prompt';
import { bestFirst, downloadFile, fileName, groupDesigns } from '../assets/designs';
import { ChatPreview } from '../assets/chat-preview';
import { ScoreBadge } from '../assets/asset-card';
import { terminalStatuses } from './use-job';

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
  const finished = terminalStatuses.has(job.status);
  // the variation that reads best in chat leads
  const designs = bestFirst(groupDesigns(assets));
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
      {designs.length > 0 && (
        <div class="result-grid">
          {designs.map((design) => (
            <article key={design.key} class="result-card">
              <div class="result-preview is-checker">
                <img
                  src={design.preview.url}
                  alt={`${assetTypeName(design.assetType)} variation ${design.variation}`}
                />
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
                        <span class="muted">{formatBytes(file.fileSize)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
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
