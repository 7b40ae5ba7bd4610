import { expect } from 'chai';
import { COACH_ASSET_PROFILES } from './asset-profiles';
import { coachAssetTypeSchema } from '@aurastream/contract';
import { TIER_ACCESS, upgradeCtaFor } from './tier-access';
import { COACH_TIPS } from './tips-catalog';

describe('coach catalogue', () => {
  it("keeps the spec's tier table exactly", () => {
    expect(TIER_ACCESS).to.deep.equal({
      free: { coach_access: false, feature: 'tips_only', grounding: false },
      pro: { coach_access: false, feature: 'tips_only', grounding: false },
      studio: { coach_access: true, feature: 'full_coach', grounding: true },
    });
    expect(upgradeCtaFor('studio')).to.equal(null);
    expect(upgradeCtaFor('free')?.required_tier).to.equal('studio');
  });

  it('has tips for every asset type, with unique ids', () => {
    for (const assetType of coachAssetTypeSchema.options) {
      expect(COACH_TIPS.filter((tip) => tip.asset_type === assetType).length, assetType).to.be.at.least(2);
    }
    expect(new Set(COACH_TIPS.map((tip) => tip.id)).size).to.equal(COACH_TIPS.length);
  });

  it('has a profile with a question for every slot it requires', () => {
    for (const assetType of coachAssetTypeSchema.options) {
      const profile = COACH_ASSET_PROFILES[assetType];
      expect(profile.type).to.equal(assetType);
      for (const slot of profile.required) {
        expect(profile.questions[slot], `${assetType} ${slot}`).to.be.a('string');
      }
    }
  });
});
