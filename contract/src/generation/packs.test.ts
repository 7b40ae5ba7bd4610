import { expect } from 'chai';
import { twitchAssetTypeSchema } from '../assets/asset-enums';
import { PACK_CONTENTS } from './packs';

describe('pack contents', () => {
  it('holds every one of the 14 Twitch types exactly once in the complete pack', () => {
    expect([...PACK_CONTENTS.complete].sort()).to.deep.equal([...twitchAssetTypeSchema.options].sort());
  });

  it('grows from starter to pro to complete', () => {
    expect(PACK_CONTENTS.pro).to.include.members([...PACK_CONTENTS.starter]);
    expect(PACK_CONTENTS.complete).to.include.members([...PACK_CONTENTS.pro]);
    expect(PACK_CONTENTS.starter.length).to.be.below(PACK_CONTENTS.pro.length);
  });
});
