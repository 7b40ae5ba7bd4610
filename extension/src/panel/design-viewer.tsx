import { useEffect, useRef } from 'preact/hooks';
import type { ShowcaseItem } from './api';
import { ChatPreview } from './chat-preview';
import { designLabel, groupOf, isChatSized } from './design-groups';
import { dimensions, timeAgo } from './format';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon } from './icons';

interface DesignViewerProps {
  items: ShowcaseItem[];
  index: number;
  streamer: string;
  language: string;
  onNavigate: (index: number) => void;
  onClose: () => void;
}

const focusableSelector = 'button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/**
 * A closer look at one design, over the whole panel: the picture as large as the panel allows
 * (chat-sized ones scaled up crisply), what it is, and the neighbours by arrow keys or buttons.
 * A modal dialog: focus stays inside, Escape closes.
 */
export function DesignViewer({ items, index, streamer, language, onNavigate, onClose }: DesignViewerProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const item = items[index];
  const hasPrevious = index > 0;
  const hasNext = index < items.length - 1;

  useEffect(() => {
    closeButton.current?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      } else if (event.key === 'ArrowLeft' && hasPrevious) {
        onNavigate(index - 1);
      } else if (event.key === 'ArrowRight' && hasNext) {
        onNavigate(index + 1);
      } else if (event.key === 'Tab' && dialog.current) {
        const focusable = [...dialog.current.querySelectorAll<HTMLElement>(focusableSelector)];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last?.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [index, hasPrevious, hasNext, onClose, onNavigate]);

  if (!item) {
    return null;
  }
  const label = designLabel(item);
  const chatSized = isChatSized(groupOf(item));
  return (
    <div class="viewer" role="dialog" aria-modal="true" aria-labelledby="viewer-title" ref={dialog}>
      <div class="viewer__bar">
        <h2 class="viewer__title" id="viewer-title">
          {label}
          <span class="viewer__position">
            {index + 1} of {items.length}
          </span>
        </h2>
        <button type="button" class="icon-button" aria-label="Close" onClick={onClose} ref={closeButton}>
          <CloseIcon />
        </button>
      </div>
      <div class="viewer__stage">
        <div class={`viewer__art viewer__art--${chatSized ? 'chat' : 'wide'}`}>
          <img
            key={item.id}
            class="viewer__image"
            src={item.url}
            alt={`${label} by ${streamer}`}
            width={item.width}
            height={item.height}
            // chat-sized files are small: at most twice their size, so they stay sharp
            style={chatSized ? { width: `min(${item.width * 2}px, 100%)` } : undefined}
          />
        </div>
        {chatSized && <ChatPreview item={item} streamer={streamer} />}
      </div>
      <div class="viewer__footer">
        <button
          type="button"
          class="icon-button"
          aria-label="Previous design"
          disabled={!hasPrevious}
          onClick={() => onNavigate(index - 1)}
        >
          <ChevronLeftIcon />
        </button>
        <p class="viewer__details">
          <span>{dimensions(item)}</span>
          <span aria-hidden="true"> · </span>
          <span>Made {timeAgo(item.createdAt, language)}</span>
        </p>
        <button
          type="button"
          class="icon-button"
          aria-label="Next design"
          disabled={!hasNext}
          onClick={() => onNavigate(index + 1)}
        >
          <ChevronRightIcon />
        </button>
      </div>
    </div>
  );
}
