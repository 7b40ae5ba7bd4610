import type { IdeaPromptCoach } from './dependencies';
import type { Idea } from './idea.repository';

/**
 * The prompt an idea suggests: the stored one (the LLM coach's, once its job ran), else the
 * rule-based coach's, worked out when someone asks for it (the streamer's queue, an approval)
 * rather than for every idea as it arrives: it depends only on the idea's words and asset type,
 * and most ideas of a busy stream are never opened.
 */
export function withSuggestion(coach: Pick<IdeaPromptCoach, 'offline'>, idea: Idea): Idea {
  if (typeof idea.suggested_prompt === 'string') {
    return idea;
  }
  const suggestion = coach.offline(idea.asset_type, idea.text);
  return { ...idea, suggested_prompt: suggestion.prompt, suggested_prompt_source: suggestion.source };
}
