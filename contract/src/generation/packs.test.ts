import { expect } from 'chai';
import { twitchAssetTypeSchema } from '../assets/asset-enums';
import { PACK_CONTENTS, PACK_DESCRIPTIONS } from './packs';

describe('pack contents', () => {
  it("holds every one of the spec's 14 Twitch types exactly once in the complete pack, not the reward icon", () => {
    const specTypes = twitchAssetTypeSchema.options.filter((type) => type !== 'reward_icon');
    expect(specTypes).to.have.length(14);
    expect([...PACK_CONTENTS.complete].sort()).to.deep.equal([...specTypes].sort());
  });

  it('describes each pack by what it adds to the smaller one', () => {
    const spoken = (type: string) => type.replace(/_/g, ' ');
    for (const type of PACK_CONTENTS.starter) {
      expect(PACK_DESCRIPTIONS.starter.toLowerCase(), type).to.include(spoken(type));
    }
    for (const type of PACK_CONTENTS.pro.filter((type) => !PACK_CONTENTS.starter.includes(type))) {
      expect(PACK_DESCRIPTIONS.pro.toLowerCase(), type).to.include(spoken(type));
    }
    expect(PACK_DESCRIPTIONS.complete).to.include(`All ${PACK_CONTENTS.complete.length} Twitch asset types`);
  });

  it('grows from starter to pro to complete', () => {
    expect(PACK_CONTENTS.pro).to.include.members([...PACK_CONTENTS.starter]);
    expect(PACK_CONTENTS.complete).to.include.members([...PACK_CONTENTS.pro]);
    expect(PACK_CONTENTS.starter.length).to.be.below(PACK_CONTENTS.pro.length);
  });
});
