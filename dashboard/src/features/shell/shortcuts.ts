import { useLayoutEffect } from 'preact/hooks';
import { createStore } from '../../lib/store';
import { navigate } from '../../lib/router';

/** Which global overlay is open; Escape closes whichever is on top (the native dialog does it). */
export const overlays = createStore<{ palette: boolean; shortcuts: boolean }>({ palette: false, shortcuts: false });

export function openPalette(): void {
  overlays.set({ palette: true, shortcuts: false });
}

export function openShortcuts(): void {
  overlays.set({ palette: false, shortcuts: true });
}

export function closeOverlays(): void {
  overlays.set({ palette: false, shortcuts: false });
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The shortcuts the `?` sheet lists. */
export const shortcutList: { keys: string[]; description: string }[] = [
  { keys: [isMac ? '⌘' : 'Ctrl', 'K'], description: 'Open the command palette' },
  { keys: ['N'], description: 'New asset' },
  { keys: ['B'], description: 'Brand kits' },
  { keys: ['A'], description: 'Asset library' },
  { keys: ['?'], description: 'Show keyboard shortcuts' },
  { keys: ['Esc'], description: 'Close dialogs and menus' },
  // the Live page's idea queue (these letters are the queue's while it shows)
  { keys: ['J', 'K'], description: 'Live: next / previous idea' },
  { keys: ['A'], description: 'Live: approve the idea' },
  { keys: ['E'], description: 'Live: edit the prompt, then approve' },
  { keys: ['R'], description: 'Live: reject the idea' },
];

/** Whether a key press is typing in a field (single-letter shortcuts leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Global keyboard shortcuts; letters are ignored while typing in a field or when a dialog is open.
 * Attached in a layout effect, before the first paint, so a key pressed as soon as the page shows
 * is never lost (a plain effect runs a frame later).
 */
export function useGlobalShortcuts(): void {
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        if (overlays.get().palette) {
          closeOverlays();
        } else {
          openPalette();
        }
        return;
      }
      if (
        event.metaKey ||
        event.ctrlKey ||
        event.altKey ||
        isTyping(event.target) ||
        document.querySelector('dialog[open]')
      ) {
        return;
      }
      switch (event.key) {
        case 'n':
        case 'N':
          event.preventDefault();
          navigate('/create');
          break;
        case 'b':
        case 'B':
          event.preventDefault();
          navigate('/brand-kits');
          break;
        case 'a':
        case 'A':
          event.preventDefault();
          navigate('/assets');
          break;
        case '?':
          event.preventDefault();
          openShortcuts();
          break;
        default:
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
