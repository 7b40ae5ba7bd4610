import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { IconButton } from './button';
import { createStore, type Store } from '../lib/store';

/**
 * The modal dialogs open now, the topmost last. A modal dialog sits in the browser's top layer and
 * makes the rest of the page inert, so whatever must stay visible and usable above it (the toasts)
 * renders inside the topmost one.
 */
export const openDialogs: Store<HTMLDialogElement[]> = createStore<HTMLDialogElement[]>([]);

function trackOpen(dialog: HTMLDialogElement, open: boolean): void {
  openDialogs.set((list) => [...list.filter((item) => item !== dialog), ...(open ? [dialog] : [])]);
}

interface ModalProps {
  open: boolean;
  onClose: () => void;
  title: ComponentChildren;
  /** Visually hide the title (it still names the dialog). */
  hideTitle?: boolean;
  size?: 'sm' | 'md' | 'lg';
  class?: string;
  children: ComponentChildren;
  footer?: ComponentChildren;
}

/**
 * Whether the element's content overflows it, kept up to date as it or its children change size: a
 * region that scrolls must be reachable from the keyboard, so it becomes focusable while it does.
 */
function useOverflowing(ref: RefObject<HTMLElement | null>, active: boolean): boolean {
  const [overflowing, setOverflowing] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!active || !element || typeof ResizeObserver !== 'function') {
      return;
    }
    const check = () => setOverflowing(element.scrollHeight > element.clientHeight + 1);
    const observer = new ResizeObserver(check);
    observer.observe(element);
    for (const child of element.children) {
      observer.observe(child);
    }
    check();
    return () => observer.disconnect();
  }, [active]);
  return overflowing;
}

/**
 * A modal on the native `<dialog>`: the browser traps focus, puts it in the top layer, closes it on
 * Escape and gives focus back to whatever opened it.
 */
export function Modal({
  open,
  onClose,
  title,
  hideTitle,
  size = 'md',
  class: className,
  children,
  footer,
}: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const contentRef = useRef<HTMLDivElement>(null);
  const scrolls = useOverflowing(contentRef, open);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  // in the render's own commit, not a frame later: a key pressed as soon as the dialog closes (a
  // global shortcut) must find it closed, and one pressed as soon as it opens must find it open
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      dialog.showModal();
      trackOpen(dialog, true);
    } else if (!open && dialog.open) {
      dialog.close();
      trackOpen(dialog, false);
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog) {
        trackOpen(dialog, false);
      }
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    const cancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => dialog.removeEventListener('cancel', cancel);
  }, []);

  return (
    <dialog
      ref={ref}
      class={`modal modal-${size} ${className ?? ''}`}
      aria-labelledby={titleId}
      onClick={(event) => {
        // a click on the backdrop lands on the dialog element itself
        if (event.target === ref.current) {
          onClose();
        }
      }}
    >
      {open && (
        <div class="modal-body">
          <header class={`modal-header ${hideTitle ? 'sr-only' : ''}`}>
            <h2 id={titleId} class="modal-title">
              {title}
            </h2>
            <IconButton icon="x" label="Close" onClick={onClose} size="sm" />
          </header>
          <div class="modal-content" ref={contentRef} tabIndex={scrolls ? 0 : undefined}>
            {children}
          </div>
          {footer && <footer class="modal-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
