import { expect } from 'chai';
import { DesignGrouping, designKey, type DesignFile } from './designs';
import { GENERIC_TO_TWITCH, twitchAssetTypeOf } from './asset-enums';

interface File extends DesignFile {
  name: string;
}

const file = (name: string, jobId: string, variation: number, side: number): File => ({
  name,
  jobId,
  variation,
  width: side,
  height: side,
});

describe('designs', () => {
  it('are one variation of one job, whatever the size', () => {
    expect(designKey(file('a', 'job-1', 2, 112))).to.equal(designKey(file('b', 'job-1', 2, 28)));
    expect(designKey(file('a', 'job-1', 2, 112))).to.not.equal(designKey(file('c', 'job-1', 3, 112)));
  });

  it('list in the order of their first file, each with its files largest first, across pages', () => {
    const grouping = new DesignGrouping<File>((item) => item);
    grouping.add([file('panel', 'job-p', 1, 320), file('emote-28', 'job-e', 1, 28)]);
    grouping.add([file('emote-112', 'job-e', 1, 112), file('emote-56', 'job-e', 1, 56), file('badge', 'job-b', 1, 72)]);
    expect(grouping.count).to.equal(3);
    expect(grouping.list().map((design) => design.files.map((item) => item.name))).to.deep.equal([
      ['panel'],
      ['emote-112', 'emote-56', 'emote-28'],
      ['badge'],
    ]);
    expect(grouping.list(2).map((design) => design.key)).to.deep.equal(['job-p:1', 'job-e:1']);
  });
});

describe('the Twitch type an asset type is made as', () => {
  it('is the generic type’s mapping, or the Twitch type itself', () => {
    expect(twitchAssetTypeOf('youtube_thumbnail')).to.equal('thumbnail');
    expect(twitchAssetTypeOf('twitch_emote')).to.equal('emote');
    expect(twitchAssetTypeOf('overlay')).to.equal('overlay');
    expect(twitchAssetTypeOf('chat_box')).to.equal('chat_box');
    expect(Object.keys(GENERIC_TO_TWITCH)).to.have.length(5);
  });
});
