import { expect } from 'chai';
import { createCanvas } from '@napi-rs/canvas';
import sharp from 'sharp';
import { assessLegibility } from './legibility';
import { createRandom } from './random';

async function png(
  draw: (ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, size: number) => void,
): Promise<Buffer> {
  const canvas = createCanvas(112, 112);
  draw(canvas.getContext('2d'), 112);
  return sharp(canvas.data(), { raw: { width: 112, height: 112, channels: 4, premultiplied: true } })
    .png()
    .toBuffer();
}

/** A bold, simple emote: one big yellow disc with a thick dark outline and two eyes. */
const boldEmote = (): Promise<Buffer> =>
  png((ctx) => {
    ctx.fillStyle = '#ffd43b';
    ctx.strokeStyle = '#111111';
    ctx.lineWidth = 9;
    ctx.beginPath();
    ctx.arc(56, 56, 46, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#111111';
    ctx.fillRect(36, 40, 10, 18);
    ctx.fillRect(66, 40, 10, 18);
  });

/** A noisy, low-contrast one: speckles of similar greys, edge to edge. */
const noisyEmote = (): Promise<Buffer> =>
  png((ctx) => {
    const random = createRandom('noise');
    for (let y = 0; y < 112; y += 2) {
      for (let x = 0; x < 112; x += 2) {
        const v = random.int(120, 150);
        ctx.fillStyle = `rgb(${v}, ${v}, ${v + 6})`;
        ctx.fillRect(x, y, 2, 2);
      }
    }
  });

/** A tiny subject lost in an empty frame. */
const tinyEmote = (): Promise<Buffer> =>
  png((ctx) => {
    ctx.fillStyle = '#ff4d6d';
    ctx.beginPath();
    ctx.arc(56, 56, 9, 0, Math.PI * 2);
    ctx.fill();
  });

describe('legibility score', () => {
  it('scores a bold simple emote above a noisy low-contrast one, at 28 px and at 18 px', async () => {
    for (const px of [28, 18]) {
      const bold = await assessLegibility(await boldEmote(), px);
      const noisy = await assessLegibility(await noisyEmote(), px);
      expect(bold.score, `bold at ${px}`).to.be.greaterThan(noisy.score + 25);
      expect(bold.score).to.be.at.least(75);
      expect(noisy.score).to.be.below(55);
    }
  });

  it('explains a good score by what makes it read', async () => {
    const bold = await assessLegibility(await boldEmote(), 28);
    expect(bold.explanation).to.match(/^Reads well at 28 px: .*strong outline/);
  });

  it('names the problems of a poor one', async () => {
    const noisy = await assessLegibility(await noisyEmote(), 18);
    expect(noisy.explanation)
      .to.match(/^Hard to read at 18 px: /)
      .and.match(/fine detail|low contrast/);
  });

  it('marks a subject that barely fills its frame', async () => {
    const tiny = await assessLegibility(await tinyEmote(), 28);
    const bold = await assessLegibility(await boldEmote(), 28);
    expect(tiny.score).to.be.below(bold.score);
    expect(tiny.explanation).to.match(/small in its frame/);
  });
});
