import { createPortal } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { createStore, useStore } from '../lib/store';
import { Icon, type IconName } from './icons';
import { openDialogs } from './modal';

export type ToastKind = 'success' | 'error' | 'info' | 'undo';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** For undo toasts: when the action is committed unless undone. */
  deadline?: number;
  onUndo?: () => void;
  onExpire?: () => void;
}

const toasts = createStore<Toast[]>([]);
let nextId = 1;

function remove(id: number): void {
  toasts.set((list) => list.filter((toast) => toast.id !== id));
}

export function notify(
  kind: Exclude<ToastKind, 'undo'>,
  message: string,
  durationMs = kind === 'error' ? 7000 : 4000,
): void {
  const id = nextId++;
  toasts.set((list) => [...list.slice(-3), { id, kind, message }]);
  setTimeout(() => remove(id), durationMs);
}

/** How long a destructive action can be taken back. */
export const UNDO_SECONDS = 5;

/**
 * Shows "Deleted … · Undo" with a 5-second countdown. `commit` runs when the countdown ends (or the
 * page is left), `undo` when the streamer takes it back; exactly one of them runs.
 */
export function offerUndo(message: string, actions: { undo: () => void; commit: () => void }): void {
  const id = nextId++;
  let settled = false;
  const settle = (run: () => void) => {
    if (settled) {
      return;
    }
    settled = true;
    window.removeEventListener('pagehide', onLeave);
    remove(id);
    run();
  };
  const onLeave = () => settle(actions.commit);
  window.addEventListener('pagehide', onLeave);
  toasts.set((list) => [
    ...list,
    {
      id,
      kind: 'undo',
      message,
      deadline: Date.now() + UNDO_SECONDS * 1000,
      onUndo: () => settle(actions.undo),
      onExpire: () => settle(actions.commit),
    },
  ]);
}

const icons: Record<ToastKind, IconName> = { success: 'check', error: 'alert', info: 'info', undo: 'trash' };

function UndoCountdown({ toast }: { toast: Toast }) {
  const deadline = toast.deadline ?? Date.now();
  const [left, setLeft] = useState(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  useEffect(() => {
    const timer = setInterval(() => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        clearInterval(timer);
        toast.onExpire?.();
      } else {
        setLeft(Math.ceil(remaining / 1000));
      }
    }, 200);
    return () => clearInterval(timer);
  }, [deadline, toast]);
  return (
    <>
      <span class="undo-count" aria-label={`${left} seconds left to undo`}>
        <svg viewBox="0 0 36 36" class="undo-ring" aria-hidden="true">
          <circle cx="18" cy="18" r="15" style={{ animationDuration: `${UNDO_SECONDS}s` }} />
        </svg>
        <span>{left}</span>
      </span>
      <button type="button" class="toast-action" onClick={() => toast.onUndo?.()}>
        <Icon name="undo" size={16} /> Undo
      </button>
    </>
  );
}

/**
 * The toast stack; polite for news, assertive for errors. While a modal dialog is open, the stack
 * renders inside the topmost one: elsewhere it would be drawn under the dialog and be inert.
 */
export function ToastRegion() {
  const host = useStore(openDialogs).at(-1);
  const region = <ToastList />;
  return host ? createPortal(region, host) : region;
}

function ToastList() {
  const list = useStore(toasts);
  return (
    <div class="toast-region" aria-live="polite" aria-relevant="additions">
      {list.map((toast) => (
        <div key={toast.id} class={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <Icon name={icons[toast.kind]} size={18} class="toast-icon" />
          <span class="toast-message">{toast.message}</span>
          {toast.kind === 'undo' ? (
            <UndoCountdown toast={toast} />
          ) : (
            <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => remove(toast.id)}>
              <Icon name="x" size={14} />
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
