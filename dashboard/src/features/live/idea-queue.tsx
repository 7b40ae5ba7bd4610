import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatRelativeTime, assetTypeName } from '../../lib/format';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Card } from '../../ui/page';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { isTyping } from '../shell/shortcuts';
import { EditPromptDialog, RejectDialog } from './idea-dialogs';
import { sourceName } from './idea-labels';
import type { Idea, IdeaBoard } from './use-ideas';

type Dialog = { kind: 'edit' | 'reject'; idea: Idea } | null;

function IdeaRow({
  idea,
  selected,
  busy,
  onSelect,
  onApprove,
  onEdit,
  onReject,
}: {
  idea: Idea;
  selected: boolean;
  busy: boolean;
  onSelect: () => void;
  onApprove: () => void;
  onEdit: () => void;
  onReject: () => void;
}) {
  const who = idea.viewer.displayName ?? 'A viewer';
  const prompt = idea.suggestedPrompt ?? idea.text;
  return (
    <li>
      <article
        id={`idea-${idea.id}`}
        class={`idea-row ${selected ? 'is-selected' : ''}`}
        tabIndex={selected ? 0 : -1}
        aria-label={`Idea #${idea.number} from ${who}: ${idea.text}. ${idea.votes} ${idea.votes === 1 ? 'vote' : 'votes'}`}
        aria-current={selected ? 'true' : undefined}
        onFocus={onSelect}
        onClick={onSelect}
      >
        <div class="idea-votes" aria-hidden="true">
          <strong>{idea.votes}</strong>
          <span>{idea.votes === 1 ? 'vote' : 'votes'}</span>
        </div>
        <div class="idea-body">
          <p class="idea-meta">
            <span class="idea-number">#{idea.number}</span>
            <span>{who}</span>
            <span class="chip chip-muted chip-tiny">{sourceName(idea.source)}</span>
            <span class="chip chip-accent chip-tiny">{assetTypeName(idea.assetType)}</span>
            <time dateTime={idea.createdAt}>{formatRelativeTime(idea.createdAt)}</time>
          </p>
          <p class="idea-text">“{idea.text}”</p>
          <p class="idea-prompt">
            <span class="idea-prompt-label">Prompt</span> {prompt}
          </p>
        </div>
        <div class="idea-actions">
          <Button size="sm" variant="primary" icon="check" busy={busy} onClick={onApprove}>
            Approve
          </Button>
          <Button size="sm" icon="wand" disabled={busy} onClick={onEdit}>
            Edit prompt
          </Button>
          <Button size="sm" variant="ghost" icon="x" disabled={busy} onClick={onReject}>
            Reject
          </Button>
        </div>
      </article>
    </li>
  );
}

/**
 * The approval queue: most-voted first, live. Keyboard while the Live page is open (and no field
 * or dialog has the keys): J/K move, A approves, E edits the prompt, R rejects.
 */
export function IdeaQueue({ board }: { board: IdeaBoard }) {
  const { queue } = board;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const moveFocus = useRef(false);

  // the selection follows its idea as votes reorder the queue; when it leaves, the next one is selected
  const previousIndex = useRef(0);
  const index = queue ? queue.findIndex((idea) => idea.id === selectedId) : -1;
  const selected =
    queue && queue.length > 0
      ? (queue[index >= 0 ? index : Math.min(previousIndex.current, queue.length - 1)] ?? null)
      : null;
  if (index >= 0) {
    previousIndex.current = index;
  }

  useLayoutEffect(() => {
    if (moveFocus.current && selected) {
      moveFocus.current = false;
      document.getElementById(`idea-${selected.id}`)?.focus();
    }
  });

  const decide = async (
    idea: Idea,
    decision: { action: 'approve'; prompt?: string } | { action: 'reject'; reason?: string },
  ) => {
    setBusyId(idea.id);
    try {
      const decided =
        decision.action === 'approve'
          ? await api.ideas.approve({ params: { id: idea.id }, body: { prompt: decision.prompt } })
          : await api.ideas.reject({ params: { id: idea.id }, body: { reason: decision.reason || undefined } });
      const focusWasInQueue = listRef.current?.contains(document.activeElement) ?? false;
      board.settle(decided);
      moveFocus.current = focusWasInQueue || dialog !== null;
      notify(
        'success',
        decision.action === 'approve'
          ? `Idea #${idea.number} approved: making it now`
          : `Idea #${idea.number} rejected`,
      );
    } catch (error) {
      reportError(error);
      // decided elsewhere meanwhile (chat, the panel): show where it is now
      void board.reload();
    } finally {
      setBusyId(null);
    }
  };

  const step = (delta: number) => {
    if (!queue || queue.length === 0) {
      return;
    }
    const current = selected ? queue.indexOf(selected) : 0;
    const next = queue[Math.max(0, Math.min(queue.length - 1, current + delta))];
    if (next) {
      setSelectedId(next.id);
      moveFocus.current = true;
    }
  };

  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    if (
      event.metaKey ||
      event.ctrlKey ||
      event.altKey ||
      isTyping(event.target) ||
      document.querySelector('dialog[open]')
    ) {
      return;
    }
    const key = event.key.toLowerCase();
    if (!['j', 'k', 'a', 'e', 'r'].includes(key)) {
      return;
    }
    // these keys are the queue's on this page (A is otherwise the library's shortcut)
    event.preventDefault();
    event.stopPropagation();
    if (key === 'j' || key === 'k') {
      step(key === 'j' ? 1 : -1);
      return;
    }
    if (!selected || busyId) {
      return;
    }
    if (key === 'a') {
      void decide(selected, { action: 'approve' });
    } else {
      setDialog({ kind: key === 'e' ? 'edit' : 'reject', idea: selected });
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => keys.current(event);
    // capture: before the dashboard's global shortcuts
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <Card
      title="Idea queue"
      class="idea-queue-card"
      actions={
        <p class="idea-queue-keys" id="idea-queue-keys">
          <kbd>J</kbd>/<kbd>K</kbd> move · <kbd>A</kbd> approve · <kbd>E</kbd> edit · <kbd>R</kbd> reject
        </p>
      }
    >
      {queue === null ? (
        <p class="muted" role="status">
          Loading ideas…
        </p>
      ) : queue.length === 0 ? (
        <EmptyState icon="sparkles" title="No ideas waiting">
          When viewers suggest art from chat, the panel or a channel-point reward, their ideas wait here for you or your
          moderators. Nothing they ask for is made until someone approves it.
        </EmptyState>
      ) : (
        <ol class="idea-list" ref={listRef} aria-label="Ideas waiting for approval" aria-describedby="idea-queue-keys">
          {queue.map((idea) => (
            <IdeaRow
              key={idea.id}
              idea={idea}
              selected={idea.id === selected?.id}
              busy={busyId === idea.id}
              onSelect={() => setSelectedId(idea.id)}
              onApprove={() => void decide(idea, { action: 'approve' })}
              onEdit={() => setDialog({ kind: 'edit', idea })}
              onReject={() => setDialog({ kind: 'reject', idea })}
            />
          ))}
        </ol>
      )}
      <EditPromptDialog
        idea={dialog?.kind === 'edit' ? dialog.idea : null}
        onClose={() => setDialog(null)}
        onApprove={(idea, prompt) => {
          setDialog(null);
          void decide(idea, { action: 'approve', prompt });
        }}
      />
      <RejectDialog
        idea={dialog?.kind === 'reject' ? dialog.idea : null}
        onClose={() => setDialog(null)}
        onReject={(idea, reason) => {
          setDialog(null);
          void decide(idea, { action: 'reject', reason });
        }}
      />
    </Card>
  );
}
