import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { Link } from '../../lib/router';
import { formatRelativeTime } from '../../lib/format';
import { Button } from '../../ui/button';
import { Card } from '../../ui/page';
import { ProgressBar } from '../../ui/progress';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { statusName } from './idea-labels';
import type { Idea, IdeaBoard } from './use-ideas';

type Asset = Awaited<ReturnType<typeof api.assets.get>>;

/**
 * A ready idea's way to its asset: open it in the library, and publish it (every size) to the
 * panel. Its assets start private: nothing a viewer asked for goes public unseen.
 */
function ReadyActions({ idea }: { idea: Idea }) {
  const [first, setFirst] = useState<Asset | null>(null);
  const [busy, setBusy] = useState(false);
  const firstId = idea.assetIds[0];
  useEffect(() => {
    if (firstId) {
      api.assets.get({ params: { id: firstId } }).then(setFirst, () => setFirst(null));
    }
  }, [firstId]);
  if (!firstId) {
    return null;
  }
  const publish = async () => {
    setBusy(true);
    try {
      const published = await Promise.all(
        idea.assetIds.map((id) => api.assets.setVisibility({ params: { id }, body: { isPublic: true } })),
      );
      setFirst(published[0] ?? null);
      notify('success', `Idea #${idea.number} is on your panel`);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="idea-result-actions">
      {first && <img class="idea-thumb" src={first.url} alt={`The asset made from idea #${idea.number}`} />}
      <Link class="btn btn-secondary btn-sm" href={`/assets?open=${firstId}`}>
        <span class="btn-label">Open in library</span>
      </Link>
      {first?.isPublic ? (
        <span class="chip chip-accent">Published</span>
      ) : (
        <Button size="sm" variant="primary" icon="globe" busy={busy} onClick={() => void publish()}>
          Publish to panel
        </Button>
      )}
    </div>
  );
}

function ResultRow({ idea, progress }: { idea: Idea; progress: number | undefined }) {
  const decided = idea.moderation?.decidedBy;
  const by =
    decided?.kind === 'system'
      ? 'approved automatically'
      : decided
        ? `by ${decided.kind === 'streamer' ? 'you' : (decided.displayName ?? 'a moderator')}`
        : null;
  return (
    <li class={`idea-result status-${idea.status}`}>
      <div class="idea-body">
        <p class="idea-meta">
          <span class="idea-number">#{idea.number}</span>
          <span>{idea.viewer.displayName ?? 'A viewer'}</span>
          <span class={`chip chip-tiny idea-status idea-status-${idea.status}`}>{statusName(idea.status)}</span>
          {by && <span class="muted">{by}</span>}
          <time dateTime={idea.updatedAt}>{formatRelativeTime(idea.updatedAt)}</time>
        </p>
        <p class="idea-text">“{idea.text}”</p>
        {idea.status === 'rejected' && idea.moderation?.reason && <p class="muted">Reason: {idea.moderation.reason}</p>}
        {idea.status === 'failed' && idea.errorMessage && <p class="idea-error">{idea.errorMessage}</p>}
        {(idea.status === 'generating' || idea.status === 'approved') && (
          <ProgressBar
            value={progress ?? 0}
            indeterminate={progress === undefined}
            label={`Making idea #${idea.number}`}
          />
        )}
      </div>
      {idea.status === 'ready' && <ReadyActions idea={idea} />}
    </li>
  );
}

/** Ideas past the queue: being made, ready (with the path to the asset), rejected, expired. */
export function IdeaResults({ board }: { board: IdeaBoard }) {
  return (
    <Card title="Approved and decided" class="idea-results-card">
      {board.recent.length === 0 ? (
        <p class="muted">Approved ideas show here while they are made, then with their asset to publish.</p>
      ) : (
        <ul class="idea-results" aria-label="Decided ideas">
          {board.recent.map((idea) => (
            <ResultRow key={idea.id} idea={idea} progress={board.progress[idea.id]} />
          ))}
        </ul>
      )}
    </Card>
  );
}
