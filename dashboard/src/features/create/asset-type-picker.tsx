import { Icon } from '../../ui/icons';
import { groupOrder, sizeSummary, type CreatableType } from './asset-types';

/** Type cards grouped the way a streamer's channel is laid out; a radio group for keyboards. */
export function AssetTypePicker({
  types,
  value,
  onChange,
}: {
  types: CreatableType[];
  value: string;
  onChange: (key: string) => void;
}) {
  return (
    <div class="type-picker" role="radiogroup" aria-label="Asset type">
      {groupOrder.map((group) => {
        const items = types.filter((type) => type.group === group);
        if (items.length === 0) {
          return null;
        }
        return (
          <div key={group} class="type-group">
            <p class="type-group-title">{group}</p>
            <div class="type-options">
              {items.map((type) => {
                const selected = type.key === value;
                return (
                  <button
                    key={type.key}
                    type="button"
                    role="radio"
                    aria-checked={selected}
                    class={`type-option ${selected ? 'is-selected' : ''}`}
                    onClick={() => onChange(type.key)}
                    onKeyDown={(event) => {
                      const index = types.indexOf(type);
                      const next =
                        event.key === 'ArrowRight' || event.key === 'ArrowDown'
                          ? 1
                          : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
                            ? -1
                            : 0;
                      if (next !== 0) {
                        event.preventDefault();
                        const target = types[(index + next + types.length) % types.length];
                        if (target) {
                          onChange(target.key);
                          const parent = event.currentTarget.closest('.type-picker');
                          requestAnimationFrame(() =>
                            parent?.querySelector<HTMLButtonElement>('[aria-checked="true"]')?.focus(),
                          );
                        }
                      }
                    }}
                    tabIndex={selected ? 0 : -1}
                  >
                    <span class="type-name">{type.name}</span>
                    <span class="type-sizes">{sizeSummary(type.sizes)}</span>
                    {selected && <Icon name="check" size={14} class="type-check" />}
                  </button>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
