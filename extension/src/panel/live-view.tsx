import type { PanelIdeaItem, ShowcaseItem } from './api';
import type { IdeasState } from './use-ideas';

function Progress({ idea, value }: { idea: PanelIdeaItem; value: number | undefined }) {
  const label = `Making idea #${idea.number}`;
  return value === undefined ? (
    <p class="live__state">Being made…</p>
  ) : (
    <div class="live__progress">
      <div
        class="meter"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <span class="meter__fill" style={{ width: `${value}%` }} />
      </div>
      <span class="live__percent">{value}%</span>
    </div>
  );
}

function Result({ idea, published }: { idea: PanelIdeaItem; published: ShowcaseItem[] }) {
  return (
    <>
      <p class="live__state">
        <span class="ai-label">AI-made</span>
        {published.length > 0 ? ' In the showcase now' : ' Made! The streamer shares it once they like it.'}
      </p>
      {published.length > 0 && (
        <div class="live__images">
          {published.slice(0, 3).map((asset) => (
            <img key={asset.id} src={asset.url} alt={`Idea #${idea.number}: ${idea.text}`} loading="lazy" />
          ))}
        </div>
      )}
    </>
  );
}

/** What is being made from viewers' ideas: progress, then the result, then its place in the showcase. */
export function LiveView({ ideas, showcase }: { ideas: IdeasState; showcase: ShowcaseItem[] }) {
  const recent = ideas.ideas?.recent ?? [];
  if (recent.length === 0) {
    return <p class="ideas__empty">Nothing is being made right now. Approved ideas show here while they are made.</p>;
  }
  const byId = new Map(showcase.map((asset) => [asset.id, asset]));
  return (
    <ul class="idea-list" aria-live="polite">
      {recent.map((idea) => (
        <li key={idea.id} class="idea idea--live">
          <p class="idea__text">
            <span class="idea__number">#{idea.number}</span> {idea.text}
          </p>
          {idea.status === 'generating' && <Progress idea={idea} value={ideas.progress[idea.id]} />}
          {idea.status === 'approved' && <p class="live__state">Approved: starting soon</p>}
          {idea.status === 'ready' && (
            <Result idea={idea} published={idea.assetIds.flatMap((id) => byId.get(id) ?? [])} />
          )}
          {idea.status === 'failed' && <p class="live__state">This one could not be made.</p>}
        </li>
      ))}
    </ul>
  );
}
