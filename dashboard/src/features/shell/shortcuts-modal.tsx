import { useStore } from '../../lib/store';
import { Modal } from '../../ui/modal';
import { closeOverlays, overlays, shortcutList } from './shortcuts';

export function ShortcutsModal() {
  const { shortcuts: open } = useStore(overlays);
  return (
    <Modal open={open} onClose={closeOverlays} title="Keyboard shortcuts" size="sm">
      <dl class="shortcut-list">
        {shortcutList.map((shortcut) => (
          <div key={shortcut.description} class="shortcut-row">
            <dt>{shortcut.description}</dt>
            <dd>
              {shortcut.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
