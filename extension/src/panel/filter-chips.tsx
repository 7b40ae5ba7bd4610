import { groupLabel, type DesignGroup } from './design-groups';

export type Filter = DesignGroup | 'all';

interface FilterChipsProps {
  groups: Array<{ group: DesignGroup; count: number }>;
  total: number;
  active: Filter;
  onSelect: (filter: Filter) => void;
}

/** One chip per kind of design the streamer shares, plus "All"; the row scrolls sideways. */
export function FilterChips({ groups, total, active, onSelect }: FilterChipsProps) {
  const chips: Array<{ filter: Filter; label: string; count: number }> = [
    { filter: 'all', label: 'All', count: total },
    ...groups.map(({ group, count }) => ({ filter: group, label: groupLabel(group), count })),
  ];
  return (
    <nav class="chips" aria-label="Filter designs by type">
      {chips.map((chip) => (
        <button
          key={chip.filter}
          type="button"
          class="chip"
          aria-pressed={chip.filter === active}
          onClick={() => onSelect(chip.filter)}
        >
          {chip.label}
          <span class="chip__count" aria-hidden="true">
            {chip.count}
          </span>
          <span class="visually-hidden">{chip.count === 1 ? '1 design' : `${chip.count} designs`}</span>
        </button>
      ))}
    </nav>
  );
}
