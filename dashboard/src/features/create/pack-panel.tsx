import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Pack } from '../../api/types';
import { assetTypeName, countOf, jobStatusNames } from '../../lib/format';
import { track } from '../../lib/analytics';
import { Button } from '../../ui/button';
import { ProgressBar } from '../../ui/progress';
import { reportError } from '../upgrade/upgrade-prompt';
import { terminalStatuses } from './use-job';
import { groupDesigns, tileUrl } from '../assets/designs';

/** A pack's progress item by item, and its zip once it is done. */
export function PackPanel({ pack }: { pack: Pack }) {
  const [downloading, setDownloading] = useState(false);
  const finished = terminalStatuses.has(pack.job.status);
  const download = async () => {
    setDownloading(true);
    try {
      const blob = await api.twitch.downloadPack({ params: { id: pack.job.id } });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `aurastream-${pack.packType}-pack.zip`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      track('pack_downloaded', 'user_action', { pack_type: pack.packType });
    } catch (error) {
      reportError(error);
    } finally {
      setDownloading(false);
    }
  };
  return (
    <section class={`job-panel status-${pack.job.status}`} aria-labelledby="pack-title">
      <header class="job-header">
        <div>
          <h2 class="job-title" id="pack-title">
            {pack.packType.charAt(0).toUpperCase() + pack.packType.slice(1)} pack
          </h2>
          <p class="job-prompt">{pack.items.length} assets, every size Twitch needs</p>
        </div>
        {finished && pack.downloadUrl !== null && (
          <Button variant="primary" icon="download" busy={downloading} onClick={() => void download()}>
            Download zip
          </Button>
        )}
      </header>
      <div class="job-status" aria-live="polite" aria-atomic="true">
        <span class={`status-dot dot-${pack.job.status}`} aria-hidden="true" />
        <span>
          {finished
            ? pack.job.status === 'completed'
              ? 'Your pack is ready!'
              : `Pack ${pack.job.status}`
            : `Rendering · ${pack.progress}%`}
        </span>
      </div>
      {!finished && <ProgressBar value={pack.progress} label="Pack progress" />}
      <ul class="pack-items">
        {pack.items.map((item) => {
          const design = groupDesigns(item.assets)[0];
          return (
            <li key={item.assetType} class={`pack-item status-${item.job.status}`}>
              <div class="pack-thumb is-checker">
                {design ? <img src={tileUrl(design)} alt="" /> : <span class={`status-dot dot-${item.job.status}`} />}
              </div>
              <span class="pack-name">{assetTypeName(item.assetType)}</span>
              <span class="pack-state">
                {item.job.status === 'completed'
                  ? countOf(item.assets.length, 'file')
                  : jobStatusNames[item.job.status]}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
