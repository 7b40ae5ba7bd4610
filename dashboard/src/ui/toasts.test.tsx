import { expect } from 'chai';
import { eventually, flush, mount, unmountAll } from '../testing/render';
import { notify, offerUndo, ToastRegion } from './toasts';
import { Modal } from './modal';

describe('toasts', () => {
  let realNow: () => number;
  beforeEach(() => {
    realNow = Date.now;
  });
  afterEach(() => {
    Date.now = realNow;
    unmountAll();
  });

  function offer(root: HTMLElement) {
    const calls: string[] = [];
    flush(() => offerUndo('Deleted “Neon”', { undo: () => calls.push('undo'), commit: () => calls.push('commit') }));
    const toast = [...root.querySelectorAll('.toast')].find((element) => element.textContent?.includes('Neon'))!;
    return { calls, toast };
  }

  it('takes a destructive action back with Undo, and never commits it then', async () => {
    const root = mount(<ToastRegion />);
    const { calls, toast } = offer(root);
    expect(toast.getAttribute('role')).to.equal('status');
    flush(() => (toast.querySelector('.toast-action') as HTMLButtonElement).click());
    window.dispatchEvent(new Event('pagehide'));
    expect(calls).to.deep.equal(['undo']);
    expect(root.textContent).to.not.include('Neon');
  });

  it('commits once the countdown ends, exactly once', async () => {
    const root = mount(<ToastRegion />);
    const { calls } = offer(root);
    expect(root.textContent).to.include('5');
    Date.now = () => realNow() + 5_100; // the five seconds have passed
    await eventually(() => expect(calls).to.deep.equal(['commit']));
    window.dispatchEvent(new Event('pagehide'));
    expect(calls).to.deep.equal(['commit']);
    expect(root.textContent).to.not.include('Neon');
  });

  it('commits when the streamer leaves the page before the countdown ends', () => {
    const root = mount(<ToastRegion />);
    const { calls } = offer(root);
    window.dispatchEvent(new Event('pagehide'));
    expect(calls).to.deep.equal(['commit']);
  });

  it('announces errors assertively and keeps at most four messages', () => {
    const root = mount(<ToastRegion />);
    flush(() => {
      for (const message of ['one', 'two', 'three', 'four', 'five']) {
        notify('info', message);
      }
      notify('error', 'Upload failed');
    });
    const shown = [...root.querySelectorAll('.toast-message')].map((element) => element.textContent);
    expect(shown).to.deep.equal(['three', 'four', 'five', 'Upload failed']);
    expect(root.querySelector('.toast-error')!.getAttribute('role')).to.equal('alert');
  });

  it('shows toasts inside an open dialog, above it, and back on the page once it closes', () => {
    const region = mount(<ToastRegion />);
    const page = mount(
      <Modal open onClose={() => undefined} title="Emote">
        <p>detail</p>
      </Modal>,
    );
    flush(() => notify('success', 'Public link copied'));
    const dialog = page.querySelector('dialog')!;
    expect(dialog.querySelector('.toast-region')?.textContent).to.include('Public link copied');
    expect(region.querySelector('.toast-region')).to.equal(null);

    unmountAll();
    const again = mount(<ToastRegion />);
    flush(() => notify('info', 'Back on the page'));
    expect(again.querySelector('.toast-region')?.textContent).to.include('Back on the page');
  });
});
