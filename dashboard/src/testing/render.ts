import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

const mounted: HTMLElement[] = [];

/** Makes a synchronous change (an event, a store update) and flushes the renders and effects it causes. */
export function flush(change: () => void): void {
  // a synchronous callback is flushed before act returns; its promise only matters for async ones
  void act(change);
}

/** Renders into a fresh element of the document (flushing effects), for a component or hook test. */
export function mount(node: ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  mounted.push(root);
  flush(() => render(node, root));
  return root;
}

/** Renders `node` again into a root `mount` made (new props for the same component). */
export function rerender(root: HTMLElement, node: ComponentChild): void {
  flush(() => render(node, root));
}

/** Unmounts everything `mount` rendered (an `afterEach` of component tests). */
export function unmountAll(): void {
  for (const root of mounted.splice(0)) {
    flush(() => render(null, root));
    root.remove();
  }
}

/** Waits for pending promises and timers of `ms` (fetches to the API double resolve in between). */
export function settle(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` passes (it throws until then), as the UI catches up with a request. */
export async function eventually<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await settle(10);
    }
  }
}

/** A promise the test resolves when it lets the service answer (to look at the page before it does). */
export function gate(): { open: () => void; opened: Promise<void> } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

export { act };
