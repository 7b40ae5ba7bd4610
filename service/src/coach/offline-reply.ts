import { profileOf } from './asset-profiles';
import type { TurnContext, TurnPlan } from './coach-plan';
import type { PromptProposal } from './prompt-composer';
import { COACH_TIPS } from './tips-catalog';

const OPENERS = ['Nice idea.', 'Great starting point.', 'That can work really well.', 'Love that one.'];

/** A stable pick: the same conversation always gets the same wording. */
function pick<T>(items: readonly T[], seed: string): T {
  let hash = 0;
  for (const char of seed) {
    hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  }
  return items[hash % items.length] as T;
}

function styleName(proposal: PromptProposal): string {
  return proposal.style_preset ? proposal.style_preset.replace(/_/g, ' ') : 'your own style';
}

/** What changed between two proposals, in plain words. */
function describeChanges(previous: PromptProposal, next: PromptProposal): string[] {
  const changes: string[] = [];
  if (previous.style_preset !== next.style_preset) {
    changes.push(`Switched the style to ${styleName(next)}.`);
  }
  if (previous.mood !== next.mood && next.mood) {
    changes.push(`Set the mood to ${next.mood}.`);
  }
  if (previous.text !== next.text) {
    changes.push(next.text ? `The text now reads "${next.text}".` : 'Took the text off.');
  }
  if (previous.colors.join() !== next.colors.join()) {
    changes.push(`Palette is now ${next.colors.join(', ')}.`);
  }
  if (changes.length === 0 && previous.refined_prompt !== next.refined_prompt) {
    changes.push('Worked that into the prompt.');
  }
  return changes;
}

function groundingLine(context: TurnContext): string | null {
  const profile = profileOf(context.assetType);
  const lines: string[] = [];
  for (const item of context.grounding) {
    if (item.source === 'twitch_channel' && item.category_name) {
      lines.push(`You stream ${item.category_name}, so I themed it for that audience.`);
    } else if (item.source === 'twitch_top_streams') {
      const top = item.streams[0];
      if (top) {
        lines.push(
          `The biggest ${item.category_name} stream right now is ${top.user_name}'s; a look of your own helps you stand out next to it.`,
        );
      }
    } else if (item.source === 'popular_asset_types') {
      const rank = item.asset_types.findIndex(
        (entry) => entry.asset_type === context.assetType || entry.asset_type === profile.generation.asset_type,
      );
      if (rank >= 0 && rank < 3) {
        lines.push(`${capitalise(profile.label)}s are among the most made assets on AuraStream right now.`);
      }
    }
  }
  return lines.length > 0 ? lines.join(' ') : null;
}

function tipLine(context: TurnContext, version: number): string | null {
  const tips = COACH_TIPS.filter((tip) => tip.asset_type === context.assetType);
  if (tips.length === 0) {
    return null;
  }
  const tip = tips[(version - 1) % tips.length];
  return tip ? `Tip: ${tip.title.toLowerCase()}. ${tip.description}` : null;
}

/**
 * The offline coach's answer to one turn, written from the rule-based plan: an acknowledgement, the
 * proposed prompt, then either its questions or a tip and the way to generation.
 */
export function writeOfflineReply(context: TurnContext, plan: TurnPlan, version: number): string {
  const profile = profileOf(context.assetType);
  const opening = plan.previous === null;
  const paragraphs: string[] = [];

  if (opening) {
    paragraphs.push(`${pick(OPENERS, plan.state.subject)} ${profile.constraint}`);
    paragraphs.push(groundingLine(context) ?? '');
  } else if (plan.state.confirmed && plan.previous?.refined_prompt === plan.proposal.refined_prompt) {
    paragraphs.push('Great, it is ready to go.');
  } else if (plan.previous) {
    paragraphs.push(describeChanges(plan.previous, plan.proposal).join(' '));
  }
  paragraphs.push(...plan.warnings);

  if (plan.ready) {
    const heading =
      context.turnsRemaining <= 0
        ? "That's the last message of this session, so here is the final prompt:"
        : 'Here is your generation-ready prompt:';
    paragraphs.push(`${heading}\n"${plan.proposal.refined_prompt}"`);
    paragraphs.push(tipLine(context, version) ?? '');
    if (profile.generation.note) {
      paragraphs.push(`Heads-up: ${profile.generation.note}`);
    }
    if (context.turnsRemaining > 0) {
      paragraphs.push('Tell me anything to change, or send it to generation as it is.');
    }
  } else {
    paragraphs.push(`Here is a first draft:\n"${plan.proposal.refined_prompt}"`);
    const questions = plan.questions.map(
      (slot, index) => `${index + 1}. ${profile.questions[slot] ?? `What ${slot} should it have?`}`,
    );
    paragraphs.push(
      `${questions.length === 1 ? 'One question' : 'Two quick questions'} before it is ready:\n${questions.join('\n')}`,
    );
  }
  return paragraphs.filter(Boolean).join('\n\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits a reply into word tokens that keep their trailing whitespace, so joined they are the reply. */
export function wordTokens(reply: string): string[] {
  return reply.match(/\S+\s*/g) ?? [];
}
