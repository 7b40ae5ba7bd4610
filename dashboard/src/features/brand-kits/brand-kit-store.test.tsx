import { expect } from 'chai';
import { ApiDouble, errorBody } from '../../testing/api-double';
import { eventually, gate, mount, settle, unmountAll } from '../../testing/render';
import { ToastRegion } from '../../ui/toasts';
import { preferences, updatePreferences } from '../../lib/preferences';
import { session } from '../../api/session';
import type { BrandKit } from '../../api/types';
import { activateKit, brandKits, defaultKitId, deleteKit, loadBrandKits, upsertKit } from './brand-kit-store';

/** A brand kit as the service sends it (snake_case on the wire). */
function wireKit(id: string, name: string, isActive = false) {
  return {
    id,
    user_id: 'user-1',
    name,
    is_active: isActive,
    primary_colors: ['#9146FF'],
    accent_colors: ['#FFD166'],
    fonts: {},
    tone: 'casual',
    style_reference: null,
    logo_url: null,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
  };
}

/** The same kit as the dashboard holds it (camelCase). */
function kit(id: string, name: string, isActive = false): BrandKit {
  const wire = wireKit(id, name, isActive);
  return {
    id,
    userId: wire.user_id,
    name,
    isActive,
    primaryColors: wire.primary_colors,
    accentColors: wire.accent_colors,
    fonts: {},
    tone: 'casual',
    styleReference: null,
    logoUrl: null,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  } as BrandKit;
}

const names = () => brandKits.get().kits.map((item) => `${item.name}${item.isActive ? '*' : ''}`);

describe('brand kit store', () => {
  let api: ApiDouble;
  let toasts: HTMLElement;

  before(async () => {
    api = await ApiDouble.start();
  });
  after(() => api.stop());
  beforeEach(() => {
    api.reset();
    brandKits.set({ status: 'ready', kits: [kit('a', 'Neon', true), kit('b', 'Cozy'), kit('c', 'Horror')] });
    updatePreferences({ lastBrandKitId: null });
    toasts = mount(<ToastRegion />);
  });
  afterEach(() => {
    window.dispatchEvent(new Event('pagehide')); // settles any undo left open
    unmountAll();
  });

  describe('loading', () => {
    it('loads the kits once and shares the request between pages asking at the same time', async () => {
      brandKits.set({ status: 'idle', kits: [] });
      api.on('GET /api/v1/brand-kits', { status: 200, body: { brand_kits: [wireKit('a', 'Neon', true)], total: 1 } });
      await Promise.all([loadBrandKits(), loadBrandKits()]);
      await loadBrandKits();
      expect(api.made('GET /api/v1/brand-kits')).to.have.length(1);
      expect(brandKits.get().status).to.equal('ready');
      expect(names()).to.deep.equal(['Neon*']);
      await loadBrandKits(true);
      expect(api.made('GET /api/v1/brand-kits')).to.have.length(2);
    });

    it('says so when the kits cannot be loaded', async () => {
      brandKits.set({ status: 'idle', kits: [] });
      api.on('GET /api/v1/brand-kits', { status: 503, body: errorBody('unavailable', 'Down') });
      await loadBrandKits();
      expect(brandKits.get().status).to.equal('error');
      expect(toasts.textContent).to.include('Something went wrong on our side');
    });
  });

  describe('activating a kit (optimistic)', () => {
    it('shows the kit active at once, then keeps what the service answered and remembers the pick', async () => {
      const answer = gate();
      api.on('POST /api/v1/brand-kits/b/activate', async () => {
        await answer.opened;
        return { status: 200, body: wireKit('b', 'Cozy', true) };
      });
      const done = activateKit('b');
      expect(names()).to.deep.equal(['Neon', 'Cozy*', 'Horror']);
      answer.open();
      await done;
      expect(names()).to.deep.equal(['Neon', 'Cozy*', 'Horror']);
      expect(preferences.get().lastBrandKitId).to.equal('b');
      await eventually(() => expect(toasts.textContent).to.include('Cozy is now your active brand kit'));
    });

    it('puts the previous active kit back when the service refuses, and says why', async () => {
      api.on('POST /api/v1/brand-kits/c/activate', {
        status: 404,
        body: errorBody('not_found', 'Brand kit not found'),
      });
      const done = activateKit('c');
      expect(names()).to.deep.equal(['Neon', 'Cozy', 'Horror*']);
      await done;
      expect(names()).to.deep.equal(['Neon*', 'Cozy', 'Horror']);
      expect(preferences.get().lastBrandKitId).to.equal(null);
      await eventually(() => expect(toasts.textContent).to.include('Brand kit not found'));
    });
  });

  describe('deleting a kit (optimistic, with undo)', () => {
    it('takes the kit out of the list at once and deletes nothing on the service while it can be undone', async () => {
      deleteKit(kit('b', 'Cozy'));
      expect(names()).to.deep.equal(['Neon*', 'Horror']);
      await eventually(() => expect(toasts.textContent).to.include('Deleted “Cozy”'));
      await settle(50);
      expect(api.made('DELETE /api/v1/brand-kits/b')).to.have.length(0);
    });

    it('puts the kit back where it was on Undo, without asking the service', async () => {
      deleteKit(kit('b', 'Cozy'));
      await eventually(() => expect(toasts.querySelector('.toast-action')).to.not.equal(null));
      (toasts.querySelector('.toast-action') as HTMLButtonElement).click();
      expect(names()).to.deep.equal(['Neon*', 'Cozy', 'Horror']);
      window.dispatchEvent(new Event('pagehide'));
      await settle(50);
      expect(api.requests).to.deep.equal([]);
    });

    it('deletes on the service when the undo window closes, and forgets it as the last pick', async () => {
      updatePreferences({ lastBrandKitId: 'b' });
      api.on('DELETE /api/v1/brand-kits/b', { status: 204 });
      deleteKit(kit('b', 'Cozy'));
      window.dispatchEvent(new Event('pagehide'));
      await eventually(() => expect(preferences.get().lastBrandKitId).to.equal(null));
      expect(api.made('DELETE /api/v1/brand-kits/b')).to.have.length(1);
      expect(names()).to.deep.equal(['Neon*', 'Horror']);
    });

    it('brings the kit back when the service then refuses to delete it', async () => {
      api.on('DELETE /api/v1/brand-kits/b', { status: 500, body: errorBody('internal', 'boom') });
      deleteKit(kit('b', 'Cozy'));
      window.dispatchEvent(new Event('pagehide'));
      await eventually(() => expect(names()).to.include('Cozy'));
      await eventually(() => expect(toasts.textContent).to.include('Something went wrong on our side'));
    });
  });

  it('puts a new kit first, and an active one deactivates the rest', () => {
    upsertKit(kit('d', 'Retro'));
    expect(names()).to.deep.equal(['Retro', 'Neon*', 'Cozy', 'Horror']);
    upsertKit(kit('c', 'Horror nights', true));
    expect(names()).to.deep.equal(['Retro', 'Neon', 'Cozy', 'Horror nights*']);
  });

  it('starts a generation with the kit picked last while it exists, else the active one', () => {
    const kits = brandKits.get().kits;
    expect(defaultKitId(kits)).to.equal('a');
    updatePreferences({ lastBrandKitId: 'c' });
    expect(defaultKitId(kits)).to.equal('c');
    updatePreferences({ lastBrandKitId: 'deleted-kit' });
    expect(defaultKitId(kits)).to.equal('a');
    expect(defaultKitId([kit('b', 'Cozy')])).to.equal(null);
  });

  it('forgets the kits when the streamer signs out', () => {
    session.set({ status: 'signed_out', user: null, reason: 'signed_out' });
    expect(brandKits.get()).to.deep.equal({ status: 'idle', kits: [] });
  });
});
