import { expect } from 'chai';
import { ApiError } from '@aurastream/contract';
import { startTestService, type TestService, type TestUser } from '@aurastream/service/testing';

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

function fieldsOf(error: ApiError): string[] {
  return (error.details as { field: string }[]).map((issue) => issue.field);
}

describe('brand kit sections', () => {
  let app: TestService;
  let owner: TestUser;
  let stranger: TestUser;

  before(async () => {
    app = await startTestService();
    owner = await app.createUser({ tier: 'studio' });
    stranger = await app.createUser();
  });

  after(async () => {
    await app.stop();
  });

  async function newKit() {
    return owner.api.brandKits.create({
      body: {
        name: 'Sectioned',
        primaryColors: ['#9146FF'],
        accentColors: ['#00FFAA'],
        tone: 'comedic',
        fonts: { headline: 'Bebas Neue', body: 'Inter' },
        styleReference: 'bold outlines',
      },
    });
  }

  describe('colors', () => {
    it('answers defaults derived from the kit until written', async () => {
      const kit = await newKit();
      const colors = await owner.api.brandKits.getColors({ params: { id: kit.id } });
      expect(colors.primary).to.deep.equal([{ hex: '#9146FF', name: 'Primary 1', usage: null }]);
      expect(colors.accent.map((color) => color.hex)).to.deep.equal(['#00FFAA']);
      expect(colors.gradients).to.deep.equal([]);
    });

    it('replaces the section, normalises hex values and updates the core colours', async () => {
      const kit = await newKit();
      const written = await owner.api.brandKits.updateColors({
        params: { id: kit.id },
        body: {
          primary: [{ hex: 'ff0066', name: 'Hype Pink', usage: 'alerts' }],
          secondary: [{ hex: '#abc', name: 'Sky' }],
          accent: [{ hex: '#FFD700', name: 'Gold' }],
          neutral: [],
          gradients: [
            {
              name: 'Sunset',
              stops: [
                { color: '#f00', position: 0 },
                { color: '#ff0', position: 100 },
              ],
            },
          ],
        },
      });
      expect(written.primary).to.deep.equal([{ hex: '#FF0066', name: 'Hype Pink', usage: 'alerts' }]);
      expect(written.secondary[0]).to.deep.equal({ hex: '#AABBCC', name: 'Sky', usage: null });
      expect(written.gradients[0]).to.deep.include({ name: 'Sunset', type: 'linear', angle: 90 });
      expect(written.gradients[0]!.stops.map((stop) => stop.color)).to.deep.equal(['#FF0000', '#FFFF00']);
      expect(await owner.api.brandKits.getColors({ params: { id: kit.id } })).to.deep.equal(written);
      const updatedKit = await owner.api.brandKits.get({ params: { id: kit.id } });
      expect(updatedKit.primaryColors).to.deep.equal(['#FF0066']);
      expect(updatedKit.accentColors).to.deep.equal(['#FFD700']);
      expect(updatedKit.colorsExtended).to.deep.equal(written);
    });

    it('carries core colour changes into the stored section, keeping known names', async () => {
      const kit = await newKit();
      await owner.api.brandKits.updateColors({
        params: { id: kit.id },
        body: { primary: [{ hex: '#111111', name: 'Ink' }] },
      });
      await owner.api.brandKits.update({ params: { id: kit.id }, body: { primaryColors: ['#222222', '#111111'] } });
      const colors = await owner.api.brandKits.getColors({ params: { id: kit.id } });
      expect(colors.primary.map((color) => color.name)).to.deep.equal(['Primary 1', 'Ink']);
    });

    it('validates the whole section (422 per field)', async () => {
      const kit = await newKit();
      const error = await apiError(
        owner.api.brandKits.updateColors({
          params: { id: kit.id },
          body: {
            primary: [{ hex: 'purple', name: 'Bad' }],
            gradients: [{ name: 'One stop', stops: [{ color: '#000', position: 0 }] }],
          },
        }),
      );
      expect(error.status).to.equal(422);
      expect(fieldsOf(error)).to.include.members(['primary.0.hex', 'gradients.0.stops']);
    });
  });

  describe('typography', () => {
    it('answers defaults from the kit fonts, then stores and syncs the fonts', async () => {
      const kit = await newKit();
      const defaults = await owner.api.brandKits.getTypography({ params: { id: kit.id } });
      expect(defaults.headline).to.include({ family: 'Bebas Neue', weight: 700 });
      expect(defaults.body).to.include({ family: 'Inter', weight: 400 });
      const written = await owner.api.brandKits.updateTypography({
        params: { id: kit.id },
        body: {
          display: null,
          headline: { family: 'Montserrat', weight: 800, sizePx: 56, textTransform: 'uppercase' },
          body: { family: 'Roboto', sizePx: 18 },
        },
      });
      expect(written.display).to.equal(null);
      expect(written.caption).to.equal(null);
      expect(written.headline).to.deep.equal({
        family: 'Montserrat',
        weight: 800,
        style: 'normal',
        sizePx: 56,
        lineHeight: 1.2,
        letterSpacingEm: 0,
        textTransform: 'uppercase',
      });
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).fonts).to.deep.equal({
        headline: 'Montserrat',
        body: 'Roboto',
      });
    });

    it('refuses weights off the 100 grid and sizes out of range', async () => {
      const kit = await newKit();
      const error = await apiError(
        owner.api.brandKits.updateTypography({
          params: { id: kit.id },
          body: { headline: { family: 'Inter', weight: 450, sizePx: 1000 } },
        }),
      );
      expect(error.status).to.equal(422);
      expect(fieldsOf(error)).to.include.members(['headline.weight', 'headline.size_px']);
    });
  });

  describe('voice', () => {
    it('answers the kit tone by default and syncs the tone when written', async () => {
      const kit = await newKit();
      expect(await owner.api.brandKits.getVoice({ params: { id: kit.id } })).to.deep.equal({
        tone: 'comedic',
        personalityTraits: [],
        tagline: null,
        catchphrases: [],
      });
      const written = await owner.api.brandKits.updateVoice({
        params: { id: kit.id },
        body: {
          tone: 'wholesome',
          personalityTraits: ['cozy', 'kind'],
          tagline: 'Good vibes only',
          catchphrases: ["Let's gooo"],
        },
      });
      expect(written.tone).to.equal('wholesome');
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).tone).to.equal('wholesome');
    });

    it('refuses a tone outside the list and too many traits', async () => {
      const kit = await newKit();
      const error = await apiError(
        owner.api.brandKits.updateVoice({
          params: { id: kit.id },
          body: { tone: 'angry' as 'casual', personalityTraits: ['a', 'b', 'c', 'd', 'e', 'f'] },
        }),
      );
      expect(fieldsOf(error)).to.include.members(['tone', 'personality_traits']);
    });
  });

  describe('guidelines', () => {
    it('answers defaults with the kit style reference, then stores and syncs it', async () => {
      const kit = await newKit();
      const defaults = await owner.api.brandKits.getGuidelines({ params: { id: kit.id } });
      expect(defaults).to.deep.include({ logoMinSizePx: 48, styleReference: 'bold outlines' });
      expect(defaults.colorRatios).to.deep.equal({ primary: 60, secondary: 30, accent: 10, neutral: 0 });
      const written = await owner.api.brandKits.updateGuidelines({
        params: { id: kit.id },
        body: {
          logoClearSpaceRatio: 0.5,
          colorRatios: { primary: 50, secondary: 25, accent: 15, neutral: 10 },
          dos: ['Keep the logo on dark backgrounds'],
          donts: ['Stretch the logo'],
          styleReference: 'synthwave grids',
        },
      });
      expect(written).to.deep.include({ logoMinSizePx: 48, logoClearSpaceRatio: 0.5 });
      expect((await owner.api.brandKits.get({ params: { id: kit.id } })).styleReference).to.equal('synthwave grids');
    });

    it('refuses colour ratios that do not add up to 100', async () => {
      const kit = await newKit();
      const error = await apiError(
        owner.api.brandKits.updateGuidelines({
          params: { id: kit.id },
          body: { colorRatios: { primary: 50, secondary: 30, accent: 30, neutral: 0 } },
        }),
      );
      expect(error.status).to.equal(422);
      expect(fieldsOf(error)).to.include('color_ratios');
    });
  });

  it("answers 404 for another user's kit on every section, read or write", async () => {
    const kit = await newKit();
    const params = { id: kit.id };
    const calls = [
      () => stranger.api.brandKits.getColors({ params }),
      () => stranger.api.brandKits.updateColors({ params, body: {} }),
      () => stranger.api.brandKits.getTypography({ params }),
      () => stranger.api.brandKits.updateTypography({ params, body: {} }),
      () => stranger.api.brandKits.getVoice({ params }),
      () => stranger.api.brandKits.updateVoice({ params, body: {} }),
      () => stranger.api.brandKits.getGuidelines({ params }),
      () => stranger.api.brandKits.updateGuidelines({ params, body: {} }),
    ];
    for (const call of calls) {
      const error = await apiError(call());
      expect(error.status).to.equal(404);
      expect(error.code).to.equal('brand_kit_not_found');
    }
    expect((await owner.api.brandKits.get({ params })).colorsExtended).to.equal(null);
  });
});
