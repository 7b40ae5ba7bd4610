import { useLayoutEffect, useState } from 'preact/hooks';
import { GENERATION_PROMPT_MAX_LENGTH, IDEA_REJECT_REASON_MAX_LENGTH } from '@aurastream/contract';
import { Button } from '../../ui/button';
import { TextArea } from '../../ui/field';
import { Modal } from '../../ui/modal';
import type { Idea } from './use-ideas';

/** E: the coach's prompt, editable, then approve with it. */
export function EditPromptDialog({
  idea,
  onClose,
  onApprove,
}: {
  idea: Idea | null;
  onClose: () => void;
  onApprove: (idea: Idea, prompt: string) => void;
}) {
  const [prompt, setPrompt] = useState('');
  // as the dialog opens (a layout effect, as the dialog's own): a prompt typed at once is never reset
  useLayoutEffect(() => {
    setPrompt(idea ? (idea.suggestedPrompt ?? idea.text) : '');
  }, [idea?.id]);
  const trimmed = prompt.trim();
  const submit = (event: Event) => {
    event.preventDefault();
    if (idea && trimmed) {
      onApprove(idea, trimmed);
    }
  };
  return (
    <Modal
      open={idea !== null}
      onClose={onClose}
      title={idea ? `Edit the prompt of idea #${idea.number}` : 'Edit the prompt'}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" icon="check" type="submit" form="idea-edit-form" disabled={!trimmed}>
            Approve with this prompt
          </Button>
        </>
      }
    >
      {idea && (
        <form id="idea-edit-form" class="stack" onSubmit={submit}>
          <p class="muted">
            {idea.viewer.displayName ?? 'A viewer'} asked for: “{idea.text}”
          </p>
          <TextArea
            label="Prompt"
            hint="The Prompt Coach wrote this from the viewer’s words. Ctrl+Enter approves."
            value={prompt}
            onValue={setPrompt}
            rows={5}
            maxLength={GENERATION_PROMPT_MAX_LENGTH}
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                submit(event);
              }
            }}
          />
        </form>
      )}
    </Modal>
  );
}

/** R: reject, with a reason the viewer may see where the source can show it. */
export function RejectDialog({
  idea,
  onClose,
  onReject,
}: {
  idea: Idea | null;
  onClose: () => void;
  onReject: (idea: Idea, reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  useLayoutEffect(() => setReason(''), [idea?.id]);
  const submit = (event: Event) => {
    event.preventDefault();
    if (idea) {
      onReject(idea, reason.trim());
    }
  };
  return (
    <Modal
      open={idea !== null}
      onClose={onClose}
      size="sm"
      title={idea ? `Reject idea #${idea.number}?` : 'Reject idea'}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" icon="x" type="submit" form="idea-reject-form">
            Reject idea
          </Button>
        </>
      }
    >
      {idea && (
        <form id="idea-reject-form" class="stack" onSubmit={submit}>
          <p class="muted">
            “{idea.text}”{idea.source === 'channel_points' ? ' — the viewer’s channel points are refunded.' : ''}
          </p>
          <TextArea
            label="Reason"
            optional
            hint="Enter rejects."
            value={reason}
            onValue={setReason}
            rows={2}
            maxLength={IDEA_REJECT_REASON_MAX_LENGTH}
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                submit(event);
              }
            }}
          />
        </form>
      )}
    </Modal>
  );
}
