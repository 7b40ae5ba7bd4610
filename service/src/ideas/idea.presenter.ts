import type { IdeaResponse, IdeaSettingsResponse, LiveIdea } from '@aurastream/contract';
import type { Idea } from './idea.repository';
import type { IdeaSettings } from './idea-settings.repository';

/** An idea as its streamer (and the moderators acting for them) see it. */
export function presentIdea(idea: Idea): IdeaResponse {
  return {
    id: idea.id,
    number: idea.number,
    text: idea.text,
    source: idea.source,
    asset_type: idea.asset_type,
    status: idea.status,
    votes: idea.votes,
    viewer: {
      twitch_user_id: idea.viewer.twitch_user_id,
      display_name: idea.viewer.display_name,
      opaque_id: idea.viewer.opaque_id,
      role: idea.viewer.role,
    },
    suggested_prompt: idea.suggested_prompt,
    suggested_prompt_source: idea.suggested_prompt_source,
    prompt: idea.prompt,
    moderation: idea.moderation
      ? {
          decided_by: idea.moderation.decided_by,
          decided_at: new Date(idea.moderation.decided_at).toISOString(),
          reason: idea.moderation.reason,
        }
      : null,
    job_id: idea.job_id,
    asset_ids: idea.asset_ids,
    error_message: idea.error_message,
    redemption: idea.redemption,
    expires_at: idea.status === 'pending' ? (idea.expires_at?.toISOString() ?? null) : null,
    created_at: idea.created_at.toISOString(),
    updated_at: idea.updated_at.toISOString(),
  };
}

/** What anyone watching the channel may see of an idea: live events, the panel, the bot. */
export function presentLiveIdea(idea: Idea, votes = idea.votes): LiveIdea {
  return {
    id: idea.id,
    number: idea.number,
    text: idea.text,
    source: idea.source,
    asset_type: idea.asset_type,
    status: idea.status,
    votes,
    viewer_name: idea.viewer.display_name,
    created_at: idea.created_at.toISOString(),
  };
}

export function presentIdeaSettings(settings: IdeaSettings): IdeaSettingsResponse {
  return {
    enabled: settings.enabled,
    submitters: settings.submitters,
    auto_approve_sources: settings.auto_approve_sources,
    auto_approve_roles: settings.auto_approve_roles,
    one_pending_per_viewer: settings.one_pending_per_viewer,
    cooldown_seconds: settings.cooldown_seconds,
    expiry_seconds: settings.expiry_seconds,
    blocked_terms: settings.blocked_terms,
    use_default_blocked_terms: settings.use_default_blocked_terms,
    panel_requires_identity: settings.panel_requires_identity,
    moderators: settings.moderators,
    moderator_twitch_user_ids: settings.moderator_twitch_user_ids,
    updated_at: settings.updated_at?.toISOString() ?? null,
  };
}
