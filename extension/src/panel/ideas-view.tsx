import type { IdeaStatus } from '@aurastream/contract/extension';
import type { PanelIdeaItem, ViewerClaims } from './api';
import { SuggestForm } from './suggest-form';
import type { IdeasState } from './use-ideas';

const STATUS: Record<IdeaStatus, string> = {
  pending: 'Waiting',
  approved: 'Approved',
  generating: 'Being made',
  ready: 'Made',
  failed: 'Could not be made',
  rejected: 'Not this time',
  expired: 'Expired',
};

interface IdeaRowProps {
  idea: PanelIdeaItem;
  voted: boolean;
  moderator: boolean;
  ideas: IdeasState;
}

function IdeaRow({ idea, voted, moderator, ideas }: IdeaRowProps) {
  return (
    <li class="idea">
      <div class="idea__body">
        <p class="idea__text">
          <span class="idea__number">#{idea.number}</span> {idea.text}
        </p>
        <p class="idea__meta">
          {idea.assetType.replace('_', ' ')}
          {idea.viewerName ? ` · by ${idea.viewerName}` : ''}
        </p>
        {moderator && (
          <div class="idea__moderation">
            <button type="button" class="pill" onClick={() => void ideas.moderate(idea.id, idea.number, 'approve')}>
              Approve<span class="visually-hidden"> idea #{idea.number}</span>
            </button>
            <button type="button" class="pill" onClick={() => void ideas.moderate(idea.id, idea.number, 'reject')}>
              Reject<span class="visually-hidden"> idea #{idea.number}</span>
            </button>
          </div>
        )}
      </div>
      <button
        type="button"
        class="vote"
        aria-pressed={voted}
        disabled={voted}
        onClick={() => void ideas.vote(idea.id, idea.number)}
      >
        <span aria-hidden="true">▲</span>
        <span class="visually-hidden">
          {voted ? 'You voted for' : 'Vote for'} idea #{idea.number}, votes:
        </span>
        {idea.votes}
      </button>
    </li>
  );
}

interface IdeasViewProps {
  ideas: IdeasState;
  claims: ViewerClaims;
  onShareIdentity: (() => void) | null;
}

/** Suggest, vote, and (for the broadcaster and moderators) approve or reject; then the viewer's own ideas. */
export function IdeasView({ ideas, claims, onShareIdentity }: IdeasViewProps) {
  const { ideas: list, mine, notice } = ideas;
  if (!list) {
    return null;
  }
  const voted = new Set(mine?.votedIdeaIds ?? []);
  const moderator = claims.role === 'broadcaster' || claims.role === 'moderator';
  return (
    <>
      <SuggestForm rules={list.rules} claims={claims} onShareIdentity={onShareIdentity} onSuggest={ideas.suggest} />
      <p class={`notice notice--${notice?.tone ?? 'none'}`} role="status">
        {notice?.text}
      </p>
      <h2 class="section-title">Up next</h2>
      {list.pending.length === 0 ? (
        <p class="ideas__empty">No ideas waiting. Be the first!</p>
      ) : (
        <ol class="idea-list">
          {list.pending.map((idea) => (
            <IdeaRow key={idea.id} idea={idea} voted={voted.has(idea.id)} moderator={moderator} ideas={ideas} />
          ))}
        </ol>
      )}
      {mine && mine.ideas.length > 0 && (
        <>
          <h2 class="section-title">Your ideas</h2>
          <ul class="idea-list">
            {mine.ideas.map((idea) => (
              <li key={idea.id} class="idea idea--own">
                <p class="idea__text">
                  <span class="idea__number">#{idea.number}</span> {idea.text}
                </p>
                <span class={`status status--${idea.status}`}>
                  {STATUS[idea.status]}
                  {idea.reason ? `: ${idea.reason}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
