import { expect } from 'chai';
import { ApiError } from '@aurastream/contract';
import { startTestService, type TestService } from '@aurastream/service/testing';

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('brand kits', () => {
  let app: TestService;

  before(async () => {
    app = await startTestService();
  });

  after(async () => {
    await app.stop();
  });

  describe('creating', () => {
    it('creates a kit with the spec defaults and normalised colours', async () => {
      const { api, user } = await app.createUser({ tier: 'pro' });
      const kit = await api.brandKits.create({
        body: { name: '  Neon Nights ', primaryColors: ['#9146ff', 'f50'], accentColors: ['00FF00'] },
      });
      expect(kit).to.include({
        name: 'Neon Nights',
        userId: user.id,
        tone: 'professional',
        defaultLogoType: 'primary',
      });
      expect(kit.primaryColors).to.deep.equal(['#9146FF', '#FF5500']);
      expect(kit.accentColors).to.deep.equal(['#00FF00']);
      expect(kit.fonts).to.deep.equal({});
      expect(kit.logoUrl).to.equal(null);
      expect(kit.colorsExtended).to.equal(null);
      expect(kit.logos).to.deep.equal({
        primary: null,
        secondary: null,
        icon: null,
        monochrome: null,
        watermark: null,
      });
      expect(Date.parse(kit.createdAt)).to.be.a('number').and.not.NaN;
    });

    it("makes the user's first kit active, and later ones inactive", async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const first = await api.brandKits.create({ body: { name: 'First' } });
      const second = await api.brandKits.create({ body: { name: 'Second' } });
      expect(first.isActive).to.equal(true);
      expect(second.isActive).to.equal(false);
    });

    it('answers 422 per field for invalid input', async () => {
      const { api } = await app.createUser();
      const error = await apiError(
        api.brandKits.create({
          body: { name: '', primaryColors: ['#12345G'], tone: 'grumpy' as 'casual', fonts: { headline: '<script>' } },
        }),
      );
      expect(error.status).to.equal(422);
      expect(error.code).to.equal('validation_failed');
      const fields = (error.details as { field: string }[]).map((issue) => issue.field);
      expect(fields).to.include.members(['name', 'primary_colors.0', 'tone', 'fonts.headline']);
    });

    it('refuses more colours than a palette holds', async () => {
      const { api } = await app.createUser();
      const error = await apiError(
        api.brandKits.create({ body: { name: 'Rainbow', primaryColors: Array(9).fill('#FFFFFF') } }),
      );
      expect(error.status).to.equal(422);
    });

    it('enforces the tier limit with an upgrade code', async () => {
      const { api } = await app.createUser({ tier: 'free' });
      await api.brandKits.create({ body: { name: 'Only one' } });
      const error = await apiError(api.brandKits.create({ body: { name: 'One too many' } }));
      expect(error.status).to.equal(403);
      expect(error.code).to.equal('brand_kit_limit_reached');
      expect(error.details).to.deep.equal({ limit: 1, tier: 'free' });
      expect((await api.brandKits.list()).total).to.equal(1);
    });

    it('creates exactly up to the limit when creations race, and refuses the rest', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, index) => api.brandKits.create({ body: { name: `Kit ${index}` } })),
      );
      const created = results.filter((result) => result.status === 'fulfilled');
      // the pro limit is 5: fewer would mean a creation refused while room was left
      expect(created.length).to.equal(5);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect((result.reason as ApiError).code).to.equal('brand_kit_limit_reached');
        }
      }
      expect((await api.brandKits.list()).total).to.equal(created.length);
    });

    it('requires authentication', async () => {
      const error = await apiError(app.api.brandKits.list());
      expect(error.status).to.equal(401);
    });
  });

  describe('reading and updating', () => {
    it('lists only my kits, newest first, with the total', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const other = await app.createUser({ tier: 'pro' });
      await other.api.brandKits.create({ body: { name: 'Not mine' } });
      const names = ['Alpha', 'Bravo', 'Charlie'];
      for (const name of names) {
        await api.brandKits.create({ body: { name } });
      }
      const list = await api.brandKits.list();
      expect(list.total).to.equal(3);
      expect(list.brandKits.map((kit) => kit.name)).to.deep.equal(['Charlie', 'Bravo', 'Alpha']);
    });

    it('gets a kit by id; another user gets 404', async () => {
      const owner = await app.createUser();
      const stranger = await app.createUser();
      const kit = await owner.api.brandKits.create({ body: { name: 'Mine' } });
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).name).to.equal('Mine');
      const error = await apiError(stranger.api.brandKits.get({ params: { id: kit.id } }));
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('brand_kit_not_found');
    });

    it('answers 422 for an id that is not a UUID and 404 for an unknown one', async () => {
      const { api } = await app.createUser();
      expect((await apiError(api.brandKits.get({ params: { id: 'nope' } }))).status).to.equal(422);
      const unknown = await apiError(api.brandKits.get({ params: { id: '00000000-0000-4000-8000-000000000000' } }));
      expect(unknown.status).to.equal(404);
    });

    it('updates only the fields sent', async () => {
      const { api } = await app.createUser();
      const kit = await api.brandKits.create({
        body: { name: 'Before', primaryColors: ['#111111'], tone: 'casual', styleReference: 'pixel art' },
      });
      const updated = await api.brandKits.update({
        params: { id: kit.id },
        body: { name: 'After', accentColors: ['#abc'] },
      });
      expect(updated).to.include({ name: 'After', tone: 'casual', styleReference: 'pixel art' });
      expect(updated.primaryColors).to.deep.equal(['#111111']);
      expect(updated.accentColors).to.deep.equal(['#AABBCC']);
      expect(Date.parse(updated.updatedAt)).to.be.at.least(Date.parse(kit.updatedAt));
      const cleared = await api.brandKits.update({ params: { id: kit.id }, body: { styleReference: null } });
      expect(cleared.styleReference).to.equal(null);
    });

    it("refuses to update another user's kit (404) and invalid fields (422)", async () => {
      const owner = await app.createUser();
      const stranger = await app.createUser();
      const kit = await owner.api.brandKits.create({ body: { name: 'Mine' } });
      const error = await apiError(stranger.api.brandKits.update({ params: { id: kit.id }, body: { name: 'Stolen' } }));
      expect(error.status).to.equal(404);
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).name).to.equal('Mine');
      expect(
        (await apiError(owner.api.brandKits.update({ params: { id: kit.id }, body: { name: 'x'.repeat(101) } })))
          .status,
      ).to.equal(422);
    });
  });

  describe('the active kit', () => {
    it('activates a kit and deactivates the previous one', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const first = await api.brandKits.create({ body: { name: 'First' } });
      const second = await api.brandKits.create({ body: { name: 'Second' } });
      const activated = await api.brandKits.activate({ params: { id: second.id } });
      expect(activated.isActive).to.equal(true);
      expect((await api.brandKits.getActive()).id).to.equal(second.id);
      expect((await api.brandKits.get({ params: { id: first.id } })).isActive).to.equal(false);
      // activating the active kit again changes nothing
      expect((await api.brandKits.activate({ params: { id: second.id } })).isActive).to.equal(true);
    });

    it('keeps exactly one kit active under concurrent activations', async () => {
      const { api } = await app.createUser({ tier: 'studio' });
      const kits: { id: string }[] = [];
      for (let index = 0; index < 5; index += 1) {
        kits.push(await api.brandKits.create({ body: { name: `Kit ${index}` } }));
      }
      const activations = Array.from({ length: 20 }, (_, index) => kits[index % kits.length]!);
      const results = await Promise.all(activations.map((kit) => api.brandKits.activate({ params: { id: kit.id } })));
      expect(results.every((kit) => kit.isActive)).to.equal(true);
      const active = (await api.brandKits.list()).brandKits.filter((kit) => kit.isActive);
      expect(active).to.have.length(1);
      expect((await api.brandKits.getActive()).id).to.equal(active[0]!.id);
    });

    it('is enforced by the database: a second active kit for a user is refused', async () => {
      const { api, user } = await app.createUser();
      const kit = await api.brandKits.create({ body: { name: 'Active' } });
      expect(kit.isActive).to.equal(true);
      const collection = app.service.infra.mongo.connection.collection('brand_kits');
      try {
        await collection.insertOne({
          _id: crypto.randomUUID() as never,
          user_id: user.id,
          name: 'Sneaky',
          is_active: true,
        });
        expect.fail('expected a duplicate key error');
      } catch (error) {
        expect((error as { code?: number }).code).to.equal(11000);
      }
      // inactive kits are not constrained
      await collection.insertOne({
        _id: crypto.randomUUID() as never,
        user_id: user.id,
        name: 'Quiet',
        is_active: false,
      });
    });

    it("never lets a user activate another user's kit, nor disturbs their own active kit trying", async () => {
      const owner = await app.createUser();
      const stranger = await app.createUser();
      const kit = await owner.api.brandKits.create({ body: { name: 'Mine' } });
      const own = await stranger.api.brandKits.create({ body: { name: 'Theirs' } });
      const error = await apiError(stranger.api.brandKits.activate({ params: { id: kit.id } }));
      expect(error.status).to.equal(404);
      expect((await stranger.api.brandKits.getActive()).id).to.equal(own.id);
    });

    it('answers 404 no_active_brand_kit once the active kit is deleted', async () => {
      const { api } = await app.createUser({ tier: 'pro' });
      const active = await api.brandKits.create({ body: { name: 'Active' } });
      const other = await api.brandKits.create({ body: { name: 'Other' } });
      await api.brandKits.delete({ params: { id: active.id } });
      const error = await apiError(api.brandKits.getActive());
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('no_active_brand_kit');
      expect((await api.brandKits.get({ params: { id: other.id } })).isActive).to.equal(false);
    });
  });

  describe('deleting', () => {
    it('deletes a kit (204) and then answers 404 for it', async () => {
      const { api } = await app.createUser();
      const kit = await api.brandKits.create({ body: { name: 'Doomed' } });
      const response = await fetch(`${app.url}/api/v1/brand-kits/${kit.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${(await app.createUser()).accessToken}` },
      });
      expect(response.status).to.equal(404);
      await api.brandKits.delete({ params: { id: kit.id } });
      expect((await apiError(api.brandKits.get({ params: { id: kit.id } }))).status).to.equal(404);
      expect((await apiError(api.brandKits.delete({ params: { id: kit.id } }))).status).to.equal(404);
      // the freed place counts again
      await api.brandKits.create({ body: { name: 'Replacement' } });
    });
  });

  describe('for other features', () => {
    it('gives generation the active kit, a named kit, or null', async () => {
      const { user, api } = await app.createUser({ tier: 'pro' });
      const service = app.service.container.brandKits;
      expect(await service.getForGeneration(user.id, null)).to.equal(null);
      const first = await api.brandKits.create({ body: { name: 'First', primaryColors: ['#123456'] } });
      const second = await api.brandKits.create({ body: { name: 'Second' } });
      const active = await service.getForGeneration(user.id, null);
      expect(active).to.include({ id: first.id, logo: null });
      expect((await service.getForGeneration(user.id, second.id))?.name).to.equal('Second');
      const stranger = await app.createUser();
      try {
        await service.getForGeneration(stranger.user.id, second.id);
        expect.fail('expected brand_kit_not_found');
      } catch (error) {
        expect((error as { code?: string }).code).to.equal('brand_kit_not_found');
      }
    });

    it("deletes all of a user's kits and nobody else's", async () => {
      const { user, api } = await app.createUser({ tier: 'pro' });
      const other = await app.createUser();
      await api.brandKits.create({ body: { name: 'A' } });
      await api.brandKits.create({ body: { name: 'B' } });
      const kept = await other.api.brandKits.create({ body: { name: 'Kept' } });
      await app.service.container.brandKits.deleteAllForUser(user.id);
      expect((await api.brandKits.list()).total).to.equal(0);
      expect((await other.api.brandKits.get({ params: { id: kept.id } })).name).to.equal('Kept');
    });
  });
});
