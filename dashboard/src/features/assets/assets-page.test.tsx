import { expect } from 'chai';
import { ApiDouble, errorBody, type RecordedRequest } from '../../testing/api-double';
import { eventually, flush, gate, mount, settle, unmountAll } from '../../testing/render';
import { ToastRegion } from '../../ui/toasts';
import { session } from '../../api/session';
import type { User } from '../../api/types';
import { AssetsPage } from './assets-page';

/** One stored file of an emote design, as the service sends it. */
function wireFile(id: string, size: number, isPublic: boolean) {
  return {
    id,
    user_id: 'user-1',
    job_id: 'job-1',
    brand_kit_id: null,
    asset_type: 'emote',
    width: size,
    height: size,
    format: 'png',
    url: `/files/${id}.png`,
    storage_path: null,
    file_size: size * 40,
    is_public: isPublic,
    prompt_used: 'a hype cat',
    generation_params: {
      provider: 'builtin',
      ai_generated: false,
      model: null,
      style_preset: null,
      variation: 1,
      size_label: `${size}x${size}`,
      twitch_asset_type: 'emote',
      pack_type: null,
      legibility_explanation: null,
    },
    viral_score: null,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
  };
}

const sizes = [112, 56, 28];

describe('asset library page', () => {
  let api: ApiDouble;
  let page: HTMLElement;
  let toasts: HTMLElement;
  /** The files as the double's "database" holds them. */
  let stored: Map<string, ReturnType<typeof wireFile>>;

  const switchOf = () => page.querySelector<HTMLInputElement>('[role="switch"]')!;
  const openDetail = async () => {
    const card = await eventually(() => {
      const button = page.querySelector<HTMLButtonElement>('button[aria-label^="Open Emote"]');
      expect(button).to.not.equal(null);
      return button!;
    });
    flush(() => card.click());
    return eventually(() => switchOf());
  };

  before(async () => {
    api = await ApiDouble.start();
  });
  after(() => api.stop());
  beforeEach(() => {
    api.reset();
    stored = new Map(sizes.map((size) => [`file-${size}`, wireFile(`file-${size}`, size, true)]));
    api.on('GET /api/v1/brand-kits', { status: 200, body: { brand_kits: [], total: 0 } });
    api.on('GET /api/v1/assets', () => ({ status: 200, body: { assets: [...stored.values()], next_cursor: null } }));
    for (const id of stored.keys()) {
      api.on(`GET /api/v1/assets/${id}`, () => ({ status: 200, body: stored.get(id) }));
    }
    session.set({
      status: 'signed_in',
      user: { id: 'user-1', displayName: 'Nova', subscriptionTier: 'free', role: 'user' } as User,
    });
    toasts = mount(<ToastRegion />);
    page = mount(<AssetsPage />);
  });
  afterEach(() => {
    window.dispatchEvent(new Event('pagehide'));
    unmountAll();
    session.set({ status: 'signed_out', user: null });
  });

  describe('changing who can see a design (optimistic)', () => {
    /** The service's rule: naming one file changes its whole design. */
    const storeVisibility = (isPublic: boolean) => {
      for (const [id, file] of stored) {
        stored.set(id, { ...file, is_public: isPublic });
      }
      return { status: 200, body: { assets: [...stored.values()] } };
    };

    it('flips every size at once with one request, then keeps what the service stored', async () => {
      const answer = gate();
      api.on('POST /api/v1/assets/visibility', async (request: RecordedRequest) => {
        await answer.opened;
        return storeVisibility((request.body as { is_public: boolean }).is_public);
      });
      const toggle = await openDetail();
      expect(toggle.checked).to.equal(true);
      flush(() => toggle.click());
      expect(switchOf().checked, 'private before the service answers').to.equal(false);
      expect(page.textContent).to.include('Private: only you can see it');
      answer.open();
      await eventually(() => expect(api.made('POST /api/v1/assets/visibility')).to.have.length(1));
      expect(api.made('POST /api/v1/assets/visibility')[0]!.body).to.deep.equal({
        asset_ids: ['file-112'],
        is_public: false,
      });
      await settle(20);
      expect(switchOf().checked).to.equal(false);
    });

    it('shows each size as stored when the service refuses the change', async () => {
      api.on('POST /api/v1/assets/visibility', () => {
        // one file moved before the failure
        stored.set('file-112', { ...stored.get('file-112')!, is_public: false });
        return { status: 500, body: errorBody('internal', 'Storage is down') };
      });
      const toggle = await openDetail();
      flush(() => toggle.click());
      expect(switchOf().checked).to.equal(false);
      // a design is public only when every size is: one moved, two did not, so it is not public
      await eventually(() => expect(api.made('GET /api/v1/assets/file-56')).to.have.length(1));
      // the detail dialog is open: the error shows inside it, above it, not under it
      const dialog = page.querySelector('dialog')!;
      await eventually(() =>
        expect(dialog.querySelector('.toast-region')?.textContent).to.include('Something went wrong on our side'),
      );
      expect(toasts.textContent).to.equal('');
      expect(switchOf().checked).to.equal(false);

      // refused with nothing changed: back to public, as stored
      stored.set('file-112', { ...stored.get('file-112')!, is_public: true });
      api.on('POST /api/v1/assets/visibility', { status: 500, body: errorBody('internal', 'Down') });
      flush(() => switchOf().click());
      await eventually(() => expect(switchOf().checked).to.equal(true));
    });

    it('publishes the selected designs together from the library', async () => {
      for (const [id, file] of stored) {
        stored.set(id, { ...file, is_public: false });
      }
      api.on('POST /api/v1/assets/visibility', (request: RecordedRequest) =>
        storeVisibility((request.body as { is_public: boolean }).is_public),
      );
      const select = await eventually(() => {
        const box = page.querySelector<HTMLInputElement>('.asset-select input');
        expect(box).to.not.equal(null);
        return box!;
      });
      flush(() => select.click());
      const publish = await eventually(() => {
        const button = [...page.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Publish');
        expect(button).to.not.equal(undefined);
        return button!;
      });
      flush(() => publish.click());
      await eventually(() => expect(toasts.textContent).to.include('Published 1 design to your panel'));
      expect(api.made('POST /api/v1/assets/visibility').map((request) => request.body)).to.deep.equal([
        { asset_ids: ['file-112'], is_public: true },
      ]);
      expect(page.querySelector('.asset-card .chip-accent')?.textContent).to.equal('Published');
    });
  });

  describe('deleting a design', () => {
    it('deletes every size, and Undo restores them all', async () => {
      for (const id of stored.keys()) {
        api.on(`DELETE /api/v1/assets/${id}`, { status: 204 });
        api.on(`POST /api/v1/assets/${id}/restore`, () => ({ status: 200, body: stored.get(id) }));
      }
      await openDetail();
      const remove = [...page.querySelectorAll('button')].find((button) => button.textContent?.includes('Delete'))!;
      flush(() => remove.click());
      await eventually(() => expect(page.querySelector('button[aria-label^="Open Emote"]')).to.equal(null));
      await eventually(() => expect(api.requests.filter((r) => r.method === 'DELETE')).to.have.length(3));
      const undo = await eventually(() => toasts.querySelector<HTMLButtonElement>('.toast-action')!);
      expect(toasts.textContent).to.include('Deleted emote');
      flush(() => undo.click());
      await eventually(() => expect(api.requests.filter((r) => r.path.endsWith('/restore'))).to.have.length(3));
      await eventually(() => expect(page.querySelector('button[aria-label^="Open Emote"]')).to.not.equal(null));
      await eventually(() => expect(toasts.textContent).to.include('Restored'));
    });

    it('keeps the design when the service refuses to delete it', async () => {
      for (const id of stored.keys()) {
        api.on(`DELETE /api/v1/assets/${id}`, { status: 404, body: errorBody('not_found', 'Asset not found') });
      }
      await openDetail();
      const remove = [...page.querySelectorAll('button')].find((button) => button.textContent?.includes('Delete'))!;
      flush(() => remove.click());
      await eventually(() => expect(toasts.textContent).to.include('Asset not found'));
      expect(page.querySelector('button[aria-label^="Open Emote"]')).to.not.equal(null);
      expect(toasts.querySelector('.toast-action'), 'no undo offered').to.equal(null);
    });
  });
});
