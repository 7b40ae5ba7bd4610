import { expect } from 'chai';
import {
  brandColorsSchema,
  brandGuidelinesSchema,
  brandTypographySchema,
  hexColorSchema,
  normaliseHex,
} from '@aurastream/contract';
import { changesForCoreUpdate, coreFromColors, coreFromTypography, defaultColors, defaultTypography } from './sections';

const core = {
  primary_colors: ['#9146FF'],
  accent_colors: [],
  tone: 'casual' as const,
  fonts: { headline: 'Bebas Neue' },
  style_reference: null,
  colors_extended: null,
  typography: null,
  voice: null,
  guidelines: null,
};

describe('brand kit colours', () => {
  it('normalises every accepted spelling to upper-case #RRGGBB', () => {
    expect(['#f50', 'f50', '#FF5500', 'ff5500', ' #Ff5500 '].map(normaliseHex)).to.deep.equal(Array(5).fill('#FF5500'));
    expect(hexColorSchema.parse('#abc')).to.equal('#AABBCC');
  });

  it('refuses what is not a hex colour', () => {
    for (const value of ['#12345', '#GGGGGG', 'red', '#1234567', '']) {
      expect(hexColorSchema.safeParse(value).success, value).to.equal(false);
    }
  });
});

describe('brand kit sections', () => {
  it('fills a sparse colours section with defaults', () => {
    expect(brandColorsSchema.parse({ primary: [{ hex: '#000', name: 'Ink' }] })).to.deep.equal({
      primary: [{ hex: '#000000', name: 'Ink', usage: null }],
      secondary: [],
      accent: [],
      neutral: [],
      gradients: [],
    });
  });

  it('refuses gradient stops that go backwards', () => {
    const result = brandColorsSchema.safeParse({
      gradients: [
        {
          name: 'Back',
          stops: [
            { color: '#000', position: 80 },
            { color: '#fff', position: 20 },
          ],
        },
      ],
    });
    expect(result.success).to.equal(false);
  });

  it('requires colour ratios adding up to 100', () => {
    expect(
      brandGuidelinesSchema.safeParse({ color_ratios: { primary: 70, secondary: 20, accent: 10, neutral: 0 } }).success,
    ).to.equal(true);
    expect(
      brandGuidelinesSchema.safeParse({ color_ratios: { primary: 70, secondary: 20, accent: 20, neutral: 0 } }).success,
    ).to.equal(false);
  });

  it('derives defaults from the core columns', () => {
    expect(defaultColors(core).primary).to.deep.equal([{ hex: '#9146FF', name: 'Primary 1', usage: null }]);
    const typography = defaultTypography(core);
    expect(typography.headline?.family).to.equal('Bebas Neue');
    expect(typography.body?.family).to.equal('Inter');
    expect(brandTypographySchema.safeParse(typography).success).to.equal(true);
  });

  it('maps sections back to the core columns', () => {
    const colors = brandColorsSchema.parse({
      primary: [{ hex: '#111', name: 'A' }],
      accent: [{ hex: '#222', name: 'B' }],
    });
    expect(coreFromColors(colors)).to.deep.equal({ primary_colors: ['#111111'], accent_colors: ['#222222'] });
    const typography = brandTypographySchema.parse({ display: { family: 'Anton', size_px: 90 } });
    expect(coreFromTypography(typography, { body: 'Inter' })).to.deep.equal({
      fonts: { headline: 'Anton', body: 'Inter' },
    });
  });

  it('leaves sections never stored alone on a core update', () => {
    expect(changesForCoreUpdate(core, { tone: 'edgy', primary_colors: ['#000000'] })).to.deep.equal({
      tone: 'edgy',
      primary_colors: ['#000000'],
    });
  });

  it('carries a core update into the stored sections', () => {
    const kit = {
      ...core,
      colors_extended: brandColorsSchema.parse({
        primary: [{ hex: '#9146FF', name: 'Twitch Purple', usage: 'frames' }],
      }),
      voice: { tone: 'casual' as const, personality_traits: ['cozy'], tagline: null, catchphrases: [] },
      typography: brandTypographySchema.parse({ headline: { family: 'Bebas Neue', size_px: 48 } }),
    };
    const changes = changesForCoreUpdate(kit, {
      primary_colors: ['#000000', '#9146FF'],
      tone: 'edgy',
      fonts: { headline: 'Anton', body: 'Roboto' },
    });
    expect(changes.colors_extended?.primary).to.deep.equal([
      { hex: '#000000', name: 'Primary 1', usage: null },
      { hex: '#9146FF', name: 'Twitch Purple', usage: 'frames' },
    ]);
    expect(changes.voice).to.deep.equal({ ...kit.voice, tone: 'edgy' });
    expect(changes.typography?.headline).to.include({ family: 'Anton', size_px: 48 });
    expect(changes.typography?.body).to.include({ family: 'Roboto' });
  });
});
