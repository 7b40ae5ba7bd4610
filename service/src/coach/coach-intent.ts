import { profileOf } from './asset-profiles';
import type { PromptProposal } from './prompt-composer';
import type { CoachAssetType, CoachIntent } from '@aurastream/contract';
import type { StoredBrandContext } from './session-record';

/**
 * The structured intent of a proposal, with the generation request the dashboard can send as is:
 * the coach's asset type mapped onto the generator's generic or Twitch types.
 */
export function buildIntent(input: {
  assetType: CoachAssetType;
  proposal: PromptProposal;
  brand: StoredBrandContext | null;
  version: number;
  source: CoachIntent['source'];
}): CoachIntent {
  const profile = profileOf(input.assetType);
  const brandKitId = input.brand?.brand_kit_id ?? null;
  return {
    asset_type: input.assetType,
    refined_prompt: input.proposal.refined_prompt,
    style_preset: input.proposal.style_preset,
    colors: input.proposal.colors,
    text: input.proposal.text,
    mood: input.proposal.mood,
    brand_kit_id: brandKitId,
    dimensions: { ...profile.dimensions },
    version: input.version,
    source: input.source,
    generation_request: {
      method: 'POST',
      path: profile.generation.path,
      body: {
        asset_type: profile.generation.asset_type,
        custom_prompt: input.proposal.refined_prompt,
        brand_kit_id: brandKitId,
        style_preset: input.proposal.style_preset,
      },
      format_match: profile.generation.format_match,
      note: profile.generation.note,
    },
  };
}
