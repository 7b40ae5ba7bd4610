import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { IconButton } from './button';

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
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) {
      return;
    }
    if (open && !dialog.open) {
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

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
          <div class="modal-content">{children}</div>
          {footer && <footer class="modal-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
