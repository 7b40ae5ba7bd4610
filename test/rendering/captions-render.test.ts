import { expect } from 'chai';
import { BuiltinImageProvider, RenderPool } from '@aurastream/service/rendering';
import { quietLogger, request, saveSample } from './support';

/** Every line the built-in renderer wrote on an image, upper-cased for comparison. */
async function linesDrawn(provider: BuiltinImageProvider, ...args: Parameters<typeof request>): Promise<string[]> {
  const result = await provider.render(request(...args));
  const [type, overrides] = args;
  saveSample(
    `captions-${type}-${overrides?.variation ?? 0}${overrides?.channel ? '-named' : ''}.${result.files[0]!.format}`,
    result.files[0]!.data,
  );
  expect(result.text_drawn).to.be.an('array');
  return result.text_drawn!.map((line) => line.toUpperCase());
}

describe('built-in renderer: the text on the image', function () {
  this.timeout(120_000);
  let provider: BuiltinImageProvider;

  before(() => {
    provider = new BuiltinImageProvider(new RenderPool(2, quietLogger));
  });

  after(async () => {
    await provider.close();
  });

  it('writes the wording the prompt names and no keywords of it on an offline screen, in both layouts', async () => {
    for (const variation of [0, 1]) {
      const lines = await linesDrawn(provider, 'offline_screen', {
        prompt: 'cozy neon city at night, be right back',
        channel: null,
        variation,
      });
      // the headline (which may wrap) and the type's line, and nothing else: no keyword mash on a
      // button, no monogram taken from the prompt
      expect(lines.join(' ')).to.equal('BE RIGHT BACK TAKING A QUICK BREAK, STAY TUNED');
    }
  });

  it("writes the channel's name, its monogram and its stream's topic when Twitch is connected", async () => {
    const lines = await linesDrawn(provider, 'offline_screen', {
      prompt: 'cozy neon city at night, be right back',
    });
    expect(lines).to.include.members(['BE RIGHT BACK', 'PP', 'VALORANT · ROAD TO RADIANT', 'TWITCH.TV/PIXELPALADIN']);
    expect(lines.join(' | ')).not.to.match(/COZY|CITY|NIGHT/);
  });

  it('leaves an emote wordless unless the streamer asked for a word', async () => {
    expect(await linesDrawn(provider, 'emote', { prompt: 'a hype cat with sunglasses' })).to.deep.equal([]);
    expect(
      await linesDrawn(provider, 'emote', { prompt: 'a hype cat with the text "GG"', variation: 1 }),
    ).to.deep.equal(['GG']);
  });
});
