import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { TwitchExtensionHelper } from '../shared/twitch-extension';
import type { ExtensionPanel, PanelView, ShowcaseItem } from './api';
import type { PanelAnalytics } from './analytics';
import { brandStyle, swatchesOf } from './brand-colors';
import { sectionsOf } from './design-groups';
import { DesignViewer } from './design-viewer';
import { FilterChips, type Filter } from './filter-chips';
import { AuraMark } from './icons';
import { PanelHeader } from './panel-header';
import { ShowcaseGrid } from './showcase-grid';
import {
  BusyMessage,
  EmptyShowcase,
  FailedMessage,
  NotConnectedMessage,
  OutsideTwitchMessage,
  PanelSkeleton,
  UnauthorizedMessage,
} from './states';
import { useShowcase, type ShowcaseProblem } from './use-showcase';
import { useIdeas } from './use-ideas';
import { IdeasView } from './ideas-view';
import { LiveView } from './live-view';
import { PanelTabs } from './panel-tabs';

interface ShowcaseProps {
  panel: ExtensionPanel;
  language: string;
  theme: string;
  analytics: PanelAnalytics;
  /** The header and the views' tabs, above the filters. */
  top: ComponentChildren;
  /** The tab that labels this view, when the panel shows several. */
  tabbed: boolean;
}

/** The tab panel a view fills (a plain region when the panel shows one view). */
function ViewPanel({ tabbed, view, children }: { tabbed: boolean; view: PanelView; children: ComponentChildren }) {
  return tabbed ? (
    <div class="panel-view" id="panel-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
      {children}
    </div>
  ) : (
    <>{children}</>
  );
}

/** A loaded showcase: filters, the grouped grid and the closer look. */
function Showcase({ panel, language, theme, analytics, top, tabbed }: ShowcaseProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const streamer = panel.channel.displayName;
  const allSections = useMemo(() => sectionsOf(panel.assets), [panel.assets]);
  const sections = useMemo(
    () => (filter === 'all' ? allSections : allSections.filter((section) => section.group === filter)),
    [allSections, filter],
  );
  // the viewer pages through the designs in the order the grid shows them
  const shown = useMemo(() => sections.flatMap((section) => section.items), [sections]);

  useEffect(() => {
    analytics.panelViewed({ designs: panel.total, theme, state: panel.total > 0 ? 'showcase' : 'empty' });
  }, [analytics, panel.total, theme]);

  useEffect(() => {
    // a refreshed showcase may no longer list the filtered kind
    if (filter !== 'all' && !allSections.some((section) => section.group === filter)) {
      setFilter('all');
    }
  }, [allSections, filter]);

  const open = useCallback(
    (item: ShowcaseItem, trigger: HTMLElement) => {
      opener.current = trigger;
      setOpenIndex(shown.findIndex((candidate) => candidate.id === item.id));
      analytics.designOpened(item.assetType);
    },
    [shown, analytics],
  );
  const navigate = useCallback(
    (index: number) => {
      setOpenIndex(index);
      const item = shown[index];
      if (item) {
        analytics.designOpened(item.assetType);
      }
    },
    [shown, analytics],
  );
  const close = useCallback(() => setOpenIndex(null), []);

  useEffect(() => {
    // back to the tile that opened the closer look, once the grid is no longer inert
    if (openIndex === null && opener.current) {
      opener.current.focus();
      opener.current = null;
    }
  }, [openIndex]);

  if (panel.assets.length === 0) {
    return (
      <div class="panel-layout">
        {top}
        <main class="panel-body">
          <ViewPanel tabbed={tabbed} view="showcase">
            <EmptyShowcase streamer={streamer} />
          </ViewPanel>
        </main>
      </div>
    );
  }
  return (
    <>
      <div class="panel-layout" inert={openIndex !== null}>
        {top}
        <FilterChips
          groups={allSections.map((section) => ({ group: section.group, count: section.items.length }))}
          total={panel.assets.length}
          active={filter}
          onSelect={(next) => {
            setFilter(next);
            analytics.filterSelected(next);
          }}
        />
        <main class="panel-body">
          <ViewPanel tabbed={tabbed} view="showcase">
            <ShowcaseGrid sections={sections} showHeadings={filter === 'all'} streamer={streamer} onOpen={open} />
            {panel.total > panel.assets.length && (
              <p class="showcase__more">
                The newest {panel.assets.length} of {panel.total} designs
              </p>
            )}
          </ViewPanel>
        </main>
      </div>
      {openIndex !== null && (
        <DesignViewer
          items={shown}
          index={openIndex}
          streamer={streamer}
          language={language}
          onNavigate={navigate}
          onClose={close}
        />
      )}
    </>
  );
}

function ProblemView({ problem, onRetry }: { problem: ShowcaseProblem; onRetry: () => void }) {
  switch (problem.kind) {
    case 'not_connected':
      return <NotConnectedMessage />;
    case 'unauthorized':
      return <UnauthorizedMessage onRetry={onRetry} />;
    case 'busy':
      return <BusyMessage seconds={problem.retryInSeconds} />;
    case 'failed':
      return <FailedMessage onRetry={onRetry} />;
  }
}

const EYEBROWS: Record<PanelView, string> = {
  showcase: 'Design showcase',
  ideas: 'Viewer ideas',
  live: 'Made live on stream',
};

/** The panel Twitch shows on a channel page, in the viewer's Twitch theme and the streamer's colours. */
export function PanelApp({ helper, analytics }: { helper: TwitchExtensionHelper | null; analytics: PanelAnalytics }) {
  const { state, theme, language, retry, api, channelId, claims } = useShowcase(helper);
  const brand = state.status === 'ready' ? state.panel.channel.brand : null;
  const ideas = useIdeas({ api, helper, channelId, claims });
  const [chosen, setChosen] = useState<PanelView>('showcase');
  // the showcase alone until the channel's views are known (and when its ideas cannot load)
  const views = ideas.ideas?.views ?? ['showcase'];
  const view = views.includes(chosen) ? chosen : (views[0] ?? 'showcase');
  const tabbed = views.length > 1;

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  // a state instead of a showcase fills the panel as its main content, titled by its level-one heading
  let content;
  switch (state.status) {
    case 'outside_twitch':
      content = (
        <main class="panel-main">
          <OutsideTwitchMessage />
        </main>
      );
      break;
    case 'loading':
      content = (
        <main class="panel-main">
          <PanelSkeleton />
        </main>
      );
      break;
    case 'problem':
      content = (
        <main class="panel-main">
          <ProblemView problem={state.problem} onRetry={() => void retry()} />
        </main>
      );
      break;
    case 'ready': {
      const { panel } = state;
      const top = (
        <>
          <PanelHeader
            name={panel.channel.displayName}
            eyebrow={EYEBROWS[view]}
            total={panel.total}
            swatches={swatchesOf(panel.channel.brand)}
            language={language}
          />
          {tabbed && (
            <PanelTabs
              views={views}
              active={view}
              onSelect={(next) => {
                setChosen(next);
                // the showcase may have gained a design made from an idea since it loaded
                if (next !== 'ideas') {
                  void retry();
                }
              }}
            />
          )}
        </>
      );
      const share = helper?.actions ? () => helper.actions?.requestIdShare() : null;
      content =
        view === 'showcase' ? (
          <Showcase panel={panel} language={language} theme={theme} analytics={analytics} top={top} tabbed={tabbed} />
        ) : (
          <div class="panel-layout">
            {top}
            <main class="panel-body">
              <ViewPanel tabbed={tabbed} view={view}>
                {view === 'ideas' && claims ? (
                  <IdeasView ideas={ideas} claims={claims} onShareIdentity={share} />
                ) : (
                  <LiveView ideas={ideas} showcase={panel.assets} />
                )}
              </ViewPanel>
            </main>
          </div>
        );
      break;
    }
  }
  return (
    <div class="panel" style={brandStyle(brand, theme)} aria-busy={state.status === 'loading'}>
      {content}
      <footer class="panel-footer">
        <AuraMark size={14} />
        <span>
          Made with <strong>AuraStream</strong>
        </span>
      </footer>
    </div>
  );
}
