import { expect } from 'chai';
import { useState } from 'preact/hooks';
import { mount, unmountAll } from '../../testing/render';
import { Modal } from '../../ui/modal';
import { currentLocation, navigate } from '../../lib/router';
import { closeOverlays, overlays, useGlobalShortcuts } from './shortcuts';

function WithShortcuts() {
  useGlobalShortcuts();
  return <input aria-label="Your idea" />;
}

/** A celebration-like dialog that its own button closes. */
function WithDialog() {
  useGlobalShortcuts();
  const [open, setOpen] = useState(true);
  return (
    <Modal open={open} onClose={() => setOpen(false)} title="Your first design!">
      <button onClick={() => setOpen(false)}>Keep creating</button>
    </Modal>
  );
}

/** A key pressed on `target` (the page itself by default), bubbling up as the browser would. */
function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('global keyboard shortcuts', () => {
  let root: HTMLElement;
  beforeEach(() => {
    navigate('/', { replace: true });
    closeOverlays();
    root = mount(<WithShortcuts />);
  });
  afterEach(() => {
    unmountAll();
    document.querySelectorAll('dialog').forEach((dialog) => dialog.remove());
  });

  it('goes to a new asset (N), brand kits (B) and the library (A), in either case', () => {
    press('n');
    expect(currentLocation().path).to.equal('/create');
    press('B');
    expect(currentLocation().path).to.equal('/brand-kits');
    expect(press('a').defaultPrevented).to.equal(true);
    expect(currentLocation().path).to.equal('/assets');
  });

  it('opens the shortcut sheet with ?, and toggles the command palette with Ctrl+K or ⌘K', () => {
    press('?');
    expect(overlays.get()).to.deep.equal({ palette: false, shortcuts: true });
    press('k', { ctrlKey: true });
    expect(overlays.get()).to.deep.equal({ palette: true, shortcuts: false });
    press('K', { metaKey: true });
    expect(overlays.get().palette).to.equal(false);
  });

  it('leaves letters alone while the streamer types, or holds a modifier', () => {
    const input = root.querySelector('input')!;
    const typed = press('n', {}, input);
    expect(typed.defaultPrevented).to.equal(false);
    press('b', { altKey: true });
    press('a', { ctrlKey: true });
    expect(currentLocation().path).to.equal('/');
  });

  it('opens the palette even from a text field, where Ctrl+K means nothing else', () => {
    press('k', { ctrlKey: true }, root.querySelector('input')!);
    expect(overlays.get().palette).to.equal(true);
  });

  it('leaves letters to an open dialog', () => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    press('n');
    press('?');
    expect(currentLocation().path).to.equal('/');
    expect(overlays.get().shortcuts).to.equal(false);
  });

  it('takes a letter pressed as soon as a dialog closes, before the next frame', async () => {
    unmountAll();
    const page = mount(<WithDialog />);
    expect(document.querySelector('dialog[open]')).to.not.equal(null);
    // a real click, outside act(): the dialog must close with the render it causes, not a frame later
    page.querySelector('button')!.click();
    await Promise.resolve();
    press('a');
    expect(currentLocation().path).to.equal('/assets');
  });
});
