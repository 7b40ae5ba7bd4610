import { expect } from 'chai';
import sharp from 'sharp';
import { assetTypeSchema, stylePresetSchema, twitchAssetTypeSchema, type AnyAssetType } from '@aurastream/contract';
import { BuiltinImageProvider, dimensionsFor, RenderPool, type RenderResult } from '@aurastream/service/rendering';
import { decode, pixels, quietLogger, request, saveSample } from './support';

const everyType: AnyAssetType[] = [
  ...new Set<AnyAssetType>([...twitchAssetTypeSchema.options, ...assetTypeSchema.options]),
];

describe('built-in renderer', function () {
  this.timeout(120_000);
  let provider: BuiltinImageProvider;
  const rendered = new Map<AnyAssetType, RenderResult>();

  before(async () => {
    provider = new BuiltinImageProvider(new RenderPool(2, quietLogger));
    const results = await Promise.all(
      everyType.map(async (type) => [type, await provider.render(request(type))] as const),
    );
    for (const [type, result] of results) {
      rendered.set(type, result);
      saveSample(`${type}.${result.files[0]!.format}`, result.files[0]!.data);
    }
  });

  after(async () => {
    await provider.close();
  });

  describe('produces every size Twitch needs, as the dimensions table says', () => {
    for (const type of everyType) {
      it(`${type}`, async () => {
        const dims = dimensionsFor(type);
        const result = rendered.get(type)!;
        expect(result.provider).to.equal('builtin');
        expect(result.model).to.equal(null);
        expect(result.prompt_used).to.be.a('string').and.not.equal('');
        expect(result.files.map((file) => file.size_label)).to.deep.equal(dims.sizes.map((size) => size.label));
        for (const [index, file] of result.files.entries()) {
          const size = dims.sizes[index]!;
          const decoded = await decode(file.data);
          expect([decoded.width, decoded.height], `${type} ${size.label}`).to.deep.equal([size.width, size.height]);
          expect([file.width, file.height]).to.deep.equal([size.width, size.height]);
          expect(decoded.format).to.equal(file.format);
          expect(dims.accepted_formats).to.include(file.format);
          expect(file.data.length, `${type} ${size.label} bytes`).to.be.at.most(dims.max_bytes);
          if (dims.transparent) {
            expect(decoded.hasAlpha, `${type} ${size.label} alpha`).to.equal(true);
            expect(decoded.cornerAlpha, `${type} ${size.label} corners`).to.deep.equal([0, 0, 0, 0]);
          } else {
            expect(decoded.cornerAlpha, `${type} ${size.label} opaque`).to.deep.equal([255, 255, 255, 255]);
          }
        }
      });
    }
  });

  it('scores legibility for emotes and badges only', () => {
    for (const type of everyType) {
      const result = rendered.get(type)!;
      if (dimensionsFor(type).legibility_px === null) {
        expect(result.legibility, type).to.equal(null);
      } else {
        expect(result.legibility!.score, type).to.be.within(0, 100);
        expect(result.legibility!.explanation, type).to.match(/\d+ px/);
      }
    }
  });

  it('draws an emote with real content: most of the frame is filled, the edges are clear', async () => {
    const raw = await pixels(rendered.get('emote')!.files[0]!.data);
    let opaque = 0;
    for (let i = 3; i < raw.length; i += 4) {
      if ((raw[i] ?? 0) > 128) {
        opaque++;
      }
    }
    expect(opaque / (raw.length / 4)).to.be.within(0.3, 0.9);
  });

  it('renders the same request to the same bytes', async () => {
    for (const type of ['emote', 'starting_soon'] as const) {
      const again = await provider.render(request(type));
      expect(again.files[0]!.data.equals(rendered.get(type)!.files[0]!.data), type).to.equal(true);
    }
  });

  it('gives each of 4 variations its own look', async () => {
    for (const type of ['emote', 'badge', 'banner', 'panel'] as const) {
      const variations = await Promise.all(
        [0, 1, 2, 3].map(async (variation) => provider.render(request(type, { variation }))),
      );
      const images = await Promise.all(variations.map(async (result) => pixels(result.files[0]!.data)));
      for (let a = 0; a < images.length; a++) {
        for (let b = a + 1; b < images.length; b++) {
          expect(images[a]!.equals(images[b]!), `${type} variations ${a} and ${b}`).to.equal(false);
        }
      }
    }
  });

  it('changes the look with each style preset', async () => {
    const results = await Promise.all(
      stylePresetSchema.options.map(async (style_preset) => {
        const result = await provider.render(request('emote', { style_preset, prompt: 'LOL laughing emote' }));
        saveSample(`emote-${style_preset}.png`, result.files[0]!.data);
        return pixels(result.files[0]!.data);
      }),
    );
    const distinct = new Set(results.map((image) => image.toString('base64')));
    expect(distinct.size).to.equal(stylePresetSchema.options.length);
  });

  it('keeps every file within its limits in every style preset and variation', async () => {
    const transparentTypes = everyType.filter((type) => dimensionsFor(type).transparent);
    const checks = stylePresetSchema.options.flatMap((style_preset, index) =>
      [...transparentTypes, 'thumbnail' as const].map(async (type) => {
        const result = await provider.render(request(type, { style_preset, variation: index % 4 }));
        const dims = dimensionsFor(type);
        for (const file of result.files) {
          const decoded = await decode(file.data);
          const where = `${type} ${style_preset} ${file.size_label}`;
          expect([decoded.width, decoded.height], where).to.deep.equal([file.width, file.height]);
          expect(file.data.length, where).to.be.at.most(dims.max_bytes);
          expect(decoded.cornerAlpha, where).to.deep.equal(dims.transparent ? [0, 0, 0, 0] : [255, 255, 255, 255]);
        }
      }),
    );
    await Promise.all(checks);
  });

  it('uses the brand kit: its colours lead and its logo is placed', async () => {
    const logo = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#00ff00' } })
      .png()
      .toBuffer();
    const brand = {
      name: 'Ember',
      primary_colors: ['#ff3300'],
      accent_colors: ['#ffd000'],
      tone: 'competitive',
      fonts: { headline: 'Oswald', body: 'Inter' },
      logo,
      style_reference: null,
    };
    const result = await provider.render(request('transition', { brand }));
    saveSample('transition-branded.png', result.files[0]!.data);
    const { data, info } = await sharp(result.files[0]!.data).raw().toBuffer({ resolveWithObject: true });
    // the logo sits in the middle of a transition card: pure green pixels are found there
    const centre = (Math.round(info.height * 0.44) * info.width + Math.round(info.width / 2)) * info.channels;
    expect([data[centre], data[centre + 1], data[centre + 2]]).to.deep.equal([0, 255, 0]);
  });

  it('still renders when the logo cannot be decoded', async () => {
    const brand = {
      name: 'Broken',
      primary_colors: ['not-a-colour', '#3366ff'],
      accent_colors: [],
      tone: '',
      fonts: {},
      logo: Buffer.from('not an image'),
      style_reference: null,
    };
    const result = await provider.render(request('banner', { brand }));
    expect(result.files).to.have.length(1);
  });

  it('stops a render whose signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the owner'));
    let failure: unknown = null;
    await provider.render(request('offline_screen'), controller.signal).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error).with.property('message', 'cancelled by the owner');
  });
});
