import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { AssetSummary } from '../../api/types';
import { formatNumber } from '../../lib/format';
import { Card } from '../../ui/page';
import { ButtonLink } from '../../ui/button';

/** What viewers see on the channel's Twitch panel: published designs only, counted by the service. */
export function PanelSection() {
  const [summary, setSummary] = useState<AssetSummary | null>(null);
  useEffect(() => {
    api.assets.summary().then(setSummary, () => setSummary(null));
  }, []);
  const published = summary?.publishedDesigns ?? 0;
  return (
    <Card title="Twitch panel">
      <div class="stack">
        <p>
          Viewers see only the designs you publish: the newest 60 on your channel’s AuraStream panel, each at its
          sharpest size, with your active brand kit’s colours. New designs stay private until you publish them from the
          result or your library.
        </p>
        <p class="muted small" aria-live="polite">
          {summary === null
            ? 'Counting your designs…'
            : `${formatNumber(published)} of ${formatNumber(summary.designs)} ${summary.designs === 1 ? 'design is' : 'designs are'} published.`}
        </p>
        <div class="form-actions">
          <ButtonLink href="/assets?visibility=public" size="sm" icon="images">
            See what viewers see
          </ButtonLink>
          <ButtonLink href="/assets?visibility=private" size="sm" variant="ghost" icon="lock">
            Publish more
          </ButtonLink>
        </div>
      </div>
    </Card>
  );
}
