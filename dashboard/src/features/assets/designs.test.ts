import { expect } from 'chai';
import type { Asset } from '../../api/types';
import { bestFirst, chatFile, fileName, groupDesigns } from './designs';

/** A stored file as the library lists it (only what grouping reads is meaningful). */
function file(
  id: string,
  jobId: string,
  variation: number,
  size: number,
  extra: { isPublic?: boolean; createdAt?: string; viralScore?: number | null } = {},
): Asset {
  return {
    id,
    jobId,
    assetType: 'emote',
    width: size,
    height: size,
    format: 'png',
    url: `/files/${id}.png`,
    fileSize: size * 10,
    isPublic: extra.isPublic ?? true,
    viralScore: extra.viralScore ?? null,
    promptUsed: 'A Twitch emote, 112 px, bold outline: a hype cat',
    createdAt: extra.createdAt ?? '2026-03-01T10:00:00.000Z',
    generationParams: {
      variation,
      aiGenerated: false,
      requestPrompt: 'a hype cat',
      legibilityExplanation: extra.viralScore ? 'Reads well' : null,
    },
  } as unknown as Asset;
}

describe('designs in the library', () => {
  it('groups files into one design per variation of a job, the largest size as its preview', () => {
    const designs = groupDesigns([
      file('1-28', 'job1', 1, 28, { viralScore: 81 }),
      file('1-112', 'job1', 1, 112),
      file('2-112', 'job1', 2, 112),
      file('1-56', 'job1', 1, 56),
      file('x-112', 'job2', 1, 112),
    ]);
    expect(designs.map((design) => design.key)).to.deep.equal(['job1:1', 'job1:2', 'job2:1']);
    const [first] = designs;
    expect(first!.preview.id).to.equal('1-112');
    expect(first!.sizes.map((size) => size.width)).to.deep.equal([112, 56, 28]);
    // the streamer's own words, not the prompt composed for the renderer
    expect(first).to.include({ viralScore: 81, legibility: 'Reads well', prompt: 'a hype cat' });
  });

  it('calls a design public only when every size is, and dates it by its newest file', () => {
    const [design] = groupDesigns([
      file('a', 'job', 1, 112, { createdAt: '2026-03-01T10:00:00.000Z' }),
      file('b', 'job', 1, 28, { isPublic: false, createdAt: '2026-03-02T10:00:00.000Z' }),
    ]);
    expect(design).to.include({ isPublic: false, createdAt: '2026-03-02T10:00:00.000Z' });
  });

  it('previews at chat size only the designs chat shows (scored), with their smallest file', () => {
    const [scored, unscored] = groupDesigns([
      file('e-112', 'job', 1, 112, { viralScore: 70 }),
      file('e-28', 'job', 1, 28, { viralScore: 70 }),
      file('p', 'panel-job', 1, 320),
    ]);
    expect(chatFile(scored!)!.id).to.equal('e-28');
    expect(chatFile(unscored!)).to.equal(null);
  });

  it('leads with the best-reading design; unscored ones and ties keep the variation order', () => {
    const designs = groupDesigns([
      file('1', 'job', 1, 28, { viralScore: 60 }),
      file('2', 'job', 2, 28, { viralScore: 90 }),
      file('3', 'job', 3, 28, { viralScore: 60 }),
      file('4', 'job', 4, 28),
    ]);
    expect(bestFirst(designs).map((design) => design.variation)).to.deep.equal([2, 1, 3, 4]);
    expect(
      designs.map((design) => design.variation),
      'the input is left as it was',
    ).to.deep.equal([1, 2, 3, 4]);
  });

  it('names downloads by type and size', () => {
    expect(fileName(file('1', 'job', 1, 112))).to.equal('emote_112x112.png');
    expect(fileName({ ...file('1', 'job', 1, 1280), format: 'jpeg' })).to.equal('emote_1280x1280.jpg');
  });
});
