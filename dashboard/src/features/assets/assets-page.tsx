import { useEffect, useMemo, useState } from 'preact/hooks';
import { assetTypeSchema, twitchAssetTypeSchema } from '@aurastream/contract';
import { api } from '../../api/client';
import type { Asset, AssetPage } from '../../api/types';
import { useUser } from '../../api/session';
import { navigate, useLocation } from '../../lib/router';
import { assetTypeName } from '../../lib/format';
import { track, trackAsset } from '../../lib/analytics';
import { PageHeader } from '../../ui/page';
import { Button, ButtonLink } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { AssetGridSkeleton } from '../../ui/skeletons';
import { notify, offerUndo } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { loadBrandKits, useBrandKits } from '../brand-kits/brand-kit-store';
import { AssetCard } from './asset-card';
import { AssetDetail } from './asset-detail';
import { groupDesigns, type Design } from './designs';
import { setDesignsPublic, withUpdated } from './publication';

type Visibility = 'all' | 'public' | 'private';

// every type an asset row can carry, Twitch's first, straight from the contract (`overlay` is in both)
const filterTypes = [...new Set([...twitchAssetTypeSchema.options, ...assetTypeSchema.options])];
type FilterType = (typeof filterTypes)[number];

export function AssetsPage() {
  const user = useUser();
  const { query } = useLocation();
  const kits = useBrandKits();
  const [assetType, setAssetType] = useState<FilterType | ''>('');
  const [brandKitId, setBrandKitId] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(() => {
    const asked = query.get('visibility');
    return asked === 'public' || asked === 'private' ? asked : 'all';
  });
  const [assets, setAssets] = useState<Asset[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);

  const filters = {
    assetType: assetType || undefined,
    brandKitId: brandKitId || undefined,
    visibility: visibility === 'all' ? undefined : visibility,
  };
  const fetchPage = (after: string | null): Promise<AssetPage> =>
    api.assets.list({ query: { ...filters, limit: 48, cursor: after ?? undefined } });

  useEffect(() => {
    void loadBrandKits();
  }, []);

  useEffect(() => {
    setAssets(null);
    setSelected(new Set());
    fetchPage(null).then(
      (page) => {
        setAssets(page.assets);
        setCursor(page.nextCursor);
        const opened = query.get('open');
        if (opened) {
          const asset = page.assets.find((item) => item.id === opened);
          if (asset) {
            setOpenKey(`${asset.jobId}:${asset.generationParams.variation}`);
          }
          navigate('/assets', { replace: true });
        }
      },
      (error: unknown) => {
        setAssets([]);
        reportError(error);
      },
    );
    if (assetType || brandKitId || visibility !== 'all') {
      track('library_filtered', 'user_action', { asset_type: assetType || 'any', visibility });
    }
  }, [assetType, brandKitId, visibility]);

  const designs = useMemo(() => (assets ? groupDesigns(assets) : null), [assets]);
  const open = designs?.find((design) => design.key === openKey) ?? null;

  useEffect(() => {
    if (open) {
      trackAsset('asset_viewed', open.assetType);
    }
  }, [openKey]);

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setAssets((list) => [...(list ?? []), ...page.assets]);
      setCursor(page.nextCursor);
    } catch (error) {
      reportError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const replace = (updated: readonly Asset[]) => setAssets((list) => (list ? withUpdated(list, updated) : null));

  /**
   * Optimistic: the designs flip at once; if the service refuses, each size shows what is stored (a
   * file made private moves, so some may have changed before the refusal).
   */
  const changeVisibility = async (changing: readonly Design[], isPublic: boolean): Promise<boolean> => {
    const files = changing.flatMap((design) => design.sizes);
    replace(files.map((file) => ({ ...file, isPublic })));
    try {
      replace(await setDesignsPublic(changing, isPublic));
      return true;
    } catch (error) {
      reportError(error);
      replace(await Promise.all(files.map((file) => api.assets.get({ params: { id: file.id } }).catch(() => file))));
      return false;
    }
  };

  const toggleVisibility = (design: Design) => changeVisibility([design], !design.isPublic);

  const changeSelected = async (isPublic: boolean) => {
    const chosen = (designs ?? []).filter((design) => selected.has(design.key));
    setBulkBusy(true);
    const done = await changeVisibility(chosen, isPublic);
    setBulkBusy(false);
    if (done) {
      setSelected(new Set());
      const count = `${chosen.length} ${chosen.length === 1 ? 'design' : 'designs'}`;
      notify('success', isPublic ? `Published ${count} to your panel` : `Made ${count} private`);
    }
  };

  const toggleSelected = (design: Design) =>
    setSelected((keys) => {
      const next = new Set(keys);
      if (!next.delete(design.key)) {
        next.add(design.key);
      }
      return next;
    });

  /** Deleted on the service at once (restorable for a grace period); Undo restores every size. */
  const remove = async (design: Design) => {
    setOpenKey(null);
    const ids = new Set(design.sizes.map((file) => file.id));
    const before = assets ?? [];
    setAssets(before.filter((asset) => !ids.has(asset.id)));
    try {
      await Promise.all(design.sizes.map((file) => api.assets.delete({ params: { id: file.id }, query: {} })));
    } catch (error) {
      setAssets(before);
      reportError(error);
      return;
    }
    track('asset_deleted', 'user_action', { sizes: design.sizes.length });
    offerUndo(`Deleted ${assetTypeName(design.assetType).toLowerCase()}`, {
      undo: () => {
        Promise.all(design.sizes.map((file) => api.assets.restore({ params: { id: file.id } }))).then((restored) => {
          setAssets((list) => [...(list ?? []), ...restored].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
          notify('success', 'Restored');
        }, reportError);
      },
      commit: () => undefined,
    });
  };

  const filtered = Boolean(assetType || brandKitId || visibility !== 'all');
  return (
    <div class="page">
      <PageHeader
        title="Asset library"
        description="Everything you’ve made, every size. New designs are private until you publish them to your panel."
        actions={
          <ButtonLink href="/create" variant="primary" icon="sparkles">
            New asset
          </ButtonLink>
        }
      />
      <div class="filter-bar" role="search" aria-label="Filter assets">
        <label class="filter">
          <span class="sr-only">Asset type</span>
          <select
            class="input select"
            value={assetType}
            onChange={(event) => setAssetType(event.currentTarget.value as FilterType | '')}
          >
            <option value="">All types</option>
            {filterTypes.map((type) => (
              <option key={type} value={type}>
                {assetTypeName(type)}
                {type.startsWith('twitch_') ? ' (classic)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label class="filter">
          <span class="sr-only">Brand kit</span>
          <select
            class="input select"
            value={brandKitId}
            onChange={(event) => setBrandKitId(event.currentTarget.value)}
          >
            <option value="">Any brand kit</option>
            {kits.kits.map((kit) => (
              <option key={kit.id} value={kit.id}>
                {kit.name}
              </option>
            ))}
          </select>
        </label>
        <div class="segmented segmented-sm" role="radiogroup" aria-label="Visibility">
          {(['all', 'public', 'private'] as const).map((item) => (
            <button
              key={item}
              type="button"
              role="radio"
              aria-checked={visibility === item}
              class={visibility === item ? 'is-active' : ''}
              onClick={() => setVisibility(item)}
            >
              {item === 'all' ? 'All' : item === 'public' ? 'Published' : 'Private'}
            </button>
          ))}
        </div>
      </div>
      {designs === null ? (
        <AssetGridSkeleton />
      ) : designs.length === 0 ? (
        filtered ? (
          <EmptyState
            icon="search"
            title="Nothing matches these filters"
            actions={
              <Button onClick={() => (setAssetType(''), setBrandKitId(''), setVisibility('all'))} icon="x">
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon="images"
            title="Your library is waiting"
            actions={
              <>
                <ButtonLink href="/create?type=emote" variant="primary" icon="sparkles">
                  Make your first emote
                </ButtonLink>
                <ButtonLink href="/create?mode=pack" icon="package">
                  Try a starter pack
                </ButtonLink>
              </>
            }
          >
            {user.subscriptionTier === 'free'
              ? 'Your Free plan comes with a monthly batch of assets. Start with an emote: it takes seconds.'
              : 'Generate a full pack and every asset lands here, sized and ready to upload.'}
          </EmptyState>
        )
      ) : (
        <>
          <div class={`bulk-bar ${selected.size > 0 ? 'is-active' : ''}`} role="region" aria-label="Selected designs">
            <span class="bulk-count" aria-live="polite">
              {selected.size === 0 ? 'Select designs to publish or hide several at once' : `${selected.size} selected`}
            </span>
            {selected.size > 0 ? (
              <>
                <Button
                  size="sm"
                  variant="primary"
                  icon="upload"
                  busy={bulkBusy}
                  onClick={() => void changeSelected(true)}
                >
                  Publish
                </Button>
                <Button size="sm" icon="lock" disabled={bulkBusy} onClick={() => void changeSelected(false)}>
                  Make private
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                  Clear
                </Button>
              </>
            ) : (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setSelected(new Set(designs.map((design) => design.key)))}
              >
                Select all
              </Button>
            )}
          </div>
          <div class="asset-grid">
            {designs.map((design) => (
              <AssetCard
                key={design.key}
                design={design}
                onOpen={() => setOpenKey(design.key)}
                selected={selected.has(design.key)}
                onSelect={toggleSelected}
              />
            ))}
          </div>
          {cursor && (
            <div class="load-more">
              <Button busy={loadingMore} onClick={() => void loadMore()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
      <AssetDetail
        design={open}
        onClose={() => setOpenKey(null)}
        onToggleVisibility={(design) => void toggleVisibility(design)}
        onDelete={(design) => void remove(design)}
      />
    </div>
  );
}
