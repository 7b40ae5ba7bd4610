import { Fragment } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useStore } from '../../lib/store';
import { navigate } from '../../lib/router';
import { preferences, updatePreferences } from '../../lib/preferences';
import { track } from '../../lib/analytics';
import { Modal } from '../../ui/modal';
import { Icon, type IconName } from '../../ui/icons';
import { useSession, signOut } from '../../api/session';
import { activateKit, useBrandKits } from '../brand-kits/brand-kit-store';
import { closeOverlays, openShortcuts, overlays } from './shortcuts';
import { rankCommands } from './command-ranking';

interface Command {
  id: string;
  title: string;
  group: 'Navigate' | 'Create' | 'Brand kits' | 'Account';
  icon: IconName;
  keywords?: string;
  shortcut?: string;
  run: () => void;
}

function useCommands(): Command[] {
  const state = useSession();
  const { kits } = useBrandKits();
  return useMemo(() => {
    const go = (path: string) => () => navigate(path);
    const list: Command[] = [
      { id: 'nav-home', title: 'Dashboard', group: 'Navigate', icon: 'home', keywords: 'home overview', run: go('/') },
      {
        id: 'nav-assets',
        title: 'Asset library',
        group: 'Navigate',
        icon: 'images',
        shortcut: 'A',
        run: go('/assets'),
      },
      {
        id: 'nav-live',
        title: 'Live: viewer ideas',
        group: 'Navigate',
        icon: 'zap',
        keywords: 'stream ideas queue moderation approve chat panel',
        run: go('/live'),
      },
      {
        id: 'nav-kits',
        title: 'Brand kits',
        group: 'Navigate',
        icon: 'palette',
        shortcut: 'B',
        run: go('/brand-kits'),
      },
      {
        id: 'nav-coach',
        title: 'Prompt Coach',
        group: 'Navigate',
        icon: 'chat',
        keywords: 'ai help',
        run: go('/coach'),
      },
      {
        id: 'nav-settings',
        title: 'Settings',
        group: 'Navigate',
        icon: 'settings',
        keywords: 'profile password account twitch',
        run: go('/settings'),
      },
      {
        id: 'new-asset',
        title: 'New asset',
        group: 'Create',
        icon: 'sparkles',
        shortcut: 'N',
        keywords: 'generate emote badge',
        run: go('/create'),
      },
      {
        id: 'new-emote',
        title: 'New emote',
        group: 'Create',
        icon: 'sparkles',
        keywords: 'generate',
        run: go('/create?type=emote'),
      },
      {
        id: 'new-pack',
        title: 'New asset pack',
        group: 'Create',
        icon: 'package',
        keywords: 'starter pro complete',
        run: go('/create?mode=pack'),
      },
      { id: 'new-kit', title: 'New brand kit', group: 'Create', icon: 'plus', run: go('/brand-kits/new') },
      {
        id: 'shortcuts',
        title: 'Keyboard shortcuts',
        group: 'Account',
        icon: 'keyboard',
        shortcut: '?',
        run: openShortcuts,
      },
      { id: 'sign-out', title: 'Sign out', group: 'Account', icon: 'logout', run: () => void signOut() },
    ];
    if (state.user?.role === 'admin') {
      list.splice(5, 0, {
        id: 'nav-admin',
        title: 'Analytics (admin)',
        group: 'Navigate',
        icon: 'chart',
        run: go('/admin/analytics'),
      });
    }
    for (const kit of kits.filter((item) => !item.isActive)) {
      list.push({
        id: `activate-${kit.id}`,
        title: `Activate “${kit.name}”`,
        group: 'Brand kits',
        icon: 'palette',
        run: () => void activateKit(kit.id),
      });
    }
    return list;
  }, [state.user?.role, kits]);
}

export function CommandPalette() {
  const { palette: open } = useStore(overlays);
  const recent = useStore(preferences).recentCommands;
  const commands = useCommands();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  // as the dialog opens (its own layout effect ran first): what is typed at once goes to the search
  // and is never reset a frame later
  useLayoutEffect(() => {
    if (open) {
      setQuery('');
      setSelected(0);
      inputRef.current?.focus();
    }
  }, [open]);

  const results = useMemo(() => rankCommands(commands, query, recent), [query, commands, recent]);

  const run = (command: Command) => {
    closeOverlays();
    updatePreferences({ recentCommands: [command.id, ...recent.filter((id) => id !== command.id)].slice(0, 5) });
    track('command_palette_used', 'feature', { command: command.id.replace(/^activate-.*/, 'activate-kit') });
    command.run();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setSelected((index) => Math.min(index + 1, results.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setSelected((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const command = results[selected];
      if (command) {
        run(command);
      }
    }
  };

  const activeId = results[selected] ? `command-${results[selected].id}` : undefined;
  let lastGroup = '';
  return (
    <Modal open={open} onClose={closeOverlays} title="Command palette" hideTitle size="md" class="palette">
      <div class="palette-search">
        <Icon name="search" size={18} />
        <input
          ref={inputRef}
          class="palette-input"
          placeholder="Search pages and actions…"
          value={query}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-results"
          aria-activedescendant={activeId}
          aria-label="Search commands"
          onInput={(event) => {
            setQuery(event.currentTarget.value);
            setSelected(0);
          }}
          onKeyDown={onKeyDown}
        />
        <kbd>Esc</kbd>
      </div>
      <ul class="palette-results" id="palette-results" role="listbox" aria-label="Commands">
        {results.length === 0 && <li class="palette-empty">No command matches “{query}”.</li>}
        {results.map((command, index) => {
          const group = command.recent ? 'Recent' : command.group;
          const header = group !== lastGroup ? group : null;
          lastGroup = group;
          return (
            <Fragment key={command.id}>
              {header && (
                <li class="palette-group" role="presentation">
                  {header}
                </li>
              )}
              <li
                id={`command-${command.id}`}
                role="option"
                aria-selected={index === selected}
                class={`palette-item ${index === selected ? 'is-selected' : ''}`}
                onMouseMove={() => setSelected(index)}
                onClick={() => run(command)}
              >
                <Icon name={command.icon} size={18} />
                <span class="palette-title">{command.title}</span>
                {command.shortcut && <kbd>{command.shortcut}</kbd>}
              </li>
            </Fragment>
          );
        })}
      </ul>
    </Modal>
  );
}
