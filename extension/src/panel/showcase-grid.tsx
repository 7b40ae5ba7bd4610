import type { ShowcaseItem } from './api';
import { groupLabel, isChatSized, type DesignSection } from './design-groups';
import { DesignTile } from './design-tile';

interface ShowcaseGridProps {
  sections: DesignSection[];
  /** Section headings show when several kinds are listed together ("All"). */
  showHeadings: boolean;
  streamer: string;
  onOpen: (item: ShowcaseItem, trigger: HTMLElement) => void;
}

/** The designs, a grid per kind: chat-sized ones four to a row, wider ones two. */
export function ShowcaseGrid({ sections, showHeadings, streamer, onOpen }: ShowcaseGridProps) {
  return (
    <div class="showcase">
      {sections.map((section) => {
        const headingId = `section-${section.group}`;
        return (
          <section key={section.group} class="showcase__section" aria-labelledby={showHeadings ? headingId : undefined}>
            {showHeadings && (
              <h2 class="showcase__heading" id={headingId}>
                {groupLabel(section.group)}
                <span class="showcase__heading-count">{section.items.length}</span>
              </h2>
            )}
            <ul class={`grid grid--${isChatSized(section.group) ? 'square' : 'wide'}`} role="list">
              {section.items.map((item, index) => (
                // an odd number of wide designs: the newest gets the full width, the rest pair up
                <li
                  key={item.id}
                  class={
                    !isChatSized(section.group) && index === 0 && section.items.length % 2 === 1
                      ? 'grid__item--featured'
                      : undefined
                  }
                >
                  <DesignTile item={item} streamer={streamer} onOpen={onOpen} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
