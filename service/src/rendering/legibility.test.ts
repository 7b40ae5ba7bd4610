import { expect } from 'chai';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import './fonts';
import { assessLegibility, assessRenderedLegibility } from './legibility';
import { createRandom } from './random';

/** Draws a test image at `side` px (112 for an emote's largest file, 72 for a badge's). */
async function png(side: number, draw: (ctx: SKRSContext2D, s: number) => void): Promise<Buffer> {
  const canvas = createCanvas(side, side);
  // drawing in 112-unit space keeps every fixture the same at either size
  const ctx = canvas.getContext('2d');
  ctx.scale(side / 112, side / 112);
  draw(ctx, 112);
  return sharp(canvas.data(), { raw: { width: side, height: side, channels: 4, premultiplied: true } })
    .png()
    .toBuffer();
}

/** A round face: a disc with an outline and two eyes. */
function face(fill: string, outline: string, outlineWidth: number, eyes: string, radius = 46) {
  return (ctx: SKRSContext2D): void => {
    ctx.fillStyle = fill;
    ctx.strokeStyle = outline;
    ctx.lineWidth = outlineWidth;
    ctx.beginPath();
    ctx.arc(56, 56, radius, 0, Math.PI * 2);
    ctx.fill();
    if (outlineWidth > 0) {
      ctx.stroke();
    }
    ctx.fillStyle = eyes;
    ctx.fillRect(56 - radius * 0.43, 56 - radius * 0.35, radius * 0.22, radius * 0.4);
    ctx.fillRect(56 + radius * 0.22, 56 - radius * 0.35, radius * 0.22, radius * 0.4);
  };
}

function star(fill: string, outline: string, outlineWidth: number) {
  return (ctx: SKRSContext2D): void => {
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? 50 : 24;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      ctx.lineTo(56 + r * Math.cos(a), 58 + r * Math.sin(a));
    }
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineJoin = 'round';
    ctx.strokeStyle = outline;
    ctx.lineWidth = outlineWidth;
    ctx.stroke();
  };
}

function lettering(text: string, size: number, fill: string, outline: string, outlineWidth: number) {
  return (ctx: SKRSContext2D): void => {
    ctx.font = `${size}px "Luckiest Guy"`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = outlineWidth;
    ctx.strokeStyle = outline;
    ctx.fillStyle = fill;
    if (outlineWidth > 0) {
      ctx.strokeText(text, 56, 58);
    }
    ctx.fillText(text, 56, 58);
  };
}

const fixtures = {
  /** The issue: a near-black shape, a faint rim, small light eyes. */
  nearBlack: face('#141018', '#2b2140', 3, '#e8e8f0'),
  darkOnDark: face('#1c1c22', '#050507', 8, '#26262c'),
  darkNavyBadge: star('#1a1d33', '#0b0c16', 8),
  lightOnLight: face('#ffffff', '#ececf0', 6, '#f2f2f6'),
  pastelOnLight: face('#fbf3ff', '#f1e7f7', 4, '#efe4f4'),
  thinRing: (ctx: SKRSContext2D): void => {
    ctx.strokeStyle = '#ff4d6d';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(56, 56, 44, 0, Math.PI * 2);
    ctx.moveTo(30, 56);
    ctx.lineTo(82, 56);
    ctx.moveTo(56, 30);
    ctx.lineTo(56, 82);
    ctx.stroke();
  },
  tinyText: lettering('SUBSCRIBE NOW', 10, '#ffffff', '#111111', 1),
  seeThrough: (ctx: SKRSContext2D): void => {
    ctx.globalAlpha = 0.16;
    face('#9146ff', '#ffffff', 6, '#ffffff')(ctx);
  },
  tinySubject: face('#ff4d6d', '#111111', 2, '#111111', 9),
  noise: (ctx: SKRSContext2D): void => {
    const random = createRandom('noise');
    for (let y = 0; y < 112; y += 2) {
      for (let x = 0; x < 112; x += 2) {
        const v = random.int(120, 150);
        ctx.fillStyle = `rgb(${v}, ${v}, ${v + 6})`;
        ctx.fillRect(x, y, 2, 2);
      }
    }
  },
  boldYellow: face('#ffd43b', '#111111', 9, '#111111'),
  purpleSticker: face('#9146ff', '#ffffff', 8, '#ffffff'),
  orangeStar: star('#ff8a00', '#1b1030', 9),
  boldGG: lettering('GG', 64, '#ffd43b', '#111111', 12),
};

type Fixture = keyof typeof fixtures;

/** Made to fail: each must score low (under 50) and say why, naming the chat theme where it vanishes. */
const failing: [Fixture, 'emote' | 'badge', RegExp][] = [
  ['nearBlack', 'emote', /disappears on Twitch's dark chat/],
  ['darkOnDark', 'emote', /disappears on Twitch's dark chat/],
  ['darkOnDark', 'badge', /disappears on Twitch's dark chat/],
  ['darkNavyBadge', 'badge', /disappears on Twitch's dark chat/],
  ['lightOnLight', 'emote', /disappears on Twitch's light chat/],
  ['pastelOnLight', 'badge', /disappears on Twitch's light chat/],
  ['thinRing', 'emote', /thin strokes|disappears/],
  ['tinyText', 'emote', /thin strokes|fine detail/],
  ['seeThrough', 'emote', /see-through/],
  ['tinySubject', 'emote', /small in its frame/],
  ['noise', 'badge', /fine detail|low contrast/],
];

/** Made to read: each must score good (75 or more) and say so. */
const passing: [Fixture, 'emote' | 'badge'][] = [
  ['boldYellow', 'emote'],
  ['boldYellow', 'badge'],
  ['purpleSticker', 'emote'],
  ['orangeStar', 'badge'],
  ['orangeStar', 'emote'],
  ['boldGG', 'emote'],
];

const chatPx = { emote: 28, badge: 18 } as const;
const largest = { emote: 112, badge: 72 } as const;

describe('legibility score: what a viewer sees at chat size on dark and light chat', () => {
  for (const [fixture, type, reason] of failing) {
    it(`scores ${fixture} low as a ${type}, and says why`, async () => {
      const result = await assessLegibility(await png(largest[type], fixtures[fixture]), chatPx[type]);
      expect(result.score, result.explanation).to.be.below(50);
      expect(result.explanation)
        .to.match(new RegExp(`^Hard to read at ${chatPx[type]} px`))
        .and.match(reason);
    });
  }

  for (const [fixture, type] of passing) {
    it(`scores ${fixture} good as a ${type}`, async () => {
      const result = await assessLegibility(await png(largest[type], fixtures[fixture]), chatPx[type]);
      expect(result.score, result.explanation).to.be.at.least(75);
      expect(result.explanation).to.match(new RegExp(`^Reads well at ${chatPx[type]} px`));
    });
  }

  it('never lets the score and its sentence disagree', async () => {
    for (const fixture of Object.keys(fixtures) as Fixture[]) {
      for (const type of ['emote', 'badge'] as const) {
        const { score, explanation } = await assessLegibility(
          await png(largest[type], fixtures[fixture]),
          chatPx[type],
        );
        const band = score >= 75 ? /^Reads well/ : score >= 50 ? /^Reads at \d+ px, but/ : /^Hard to read/;
        expect(explanation, `${fixture} ${type}: ${score}`).to.match(band);
        if (score >= 75) {
          expect(explanation).not.to.match(/disappears|fades|thin|see-through|small in its frame|fine detail/);
        }
      }
    }
  });

  it('judges the file Twitch shows at chat size, with the largest as the reference', async () => {
    const file = async (side: number, fixture: Fixture) => ({
      width: side,
      height: side,
      format: 'png' as const,
      data: await png(side, fixtures[fixture]),
      size_label: `${side}x${side}`,
    });
    const bold = await file(112, 'boldYellow');
    const good = await assessRenderedLegibility([bold, await file(56, 'boldYellow'), await file(28, 'boldYellow')], 28);
    const darkChatFile = await assessRenderedLegibility(
      [bold, await file(56, 'boldYellow'), await file(28, 'darkOnDark')],
      28,
    );
    expect(good?.score).to.be.at.least(75);
    expect(darkChatFile?.score).to.be.below(50);
    expect(await assessRenderedLegibility([bold], null)).to.equal(null);
  });
});
