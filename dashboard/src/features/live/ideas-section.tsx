import { IdeaQueue } from './idea-queue';
import { IdeaResults } from './idea-results';
import { useIdeaBoard } from './use-ideas';

/** The approval queue and what became of approved ideas, from one live view of the channel's ideas. */
export function IdeasSection() {
  const board = useIdeaBoard();
  return (
    <div class="ideas-section">
      <IdeaQueue board={board} />
      <IdeaResults board={board} />
    </div>
  );
}
