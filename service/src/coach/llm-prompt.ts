import { z } from 'zod';
import { stylePresetSchema, type CoachGroundingItem } from '@aurastream/contract';
import { profileOf } from './asset-profiles';
import type { TurnContext, TurnPlan } from './coach-plan';
import { clampPrompt, type PromptProposal } from './prompt-composer';
import type { StoredBrandContext } from './session-record';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The block the model ends every answer with. Lenient where models often slip, strict where it matters. */
const llmIntentSchema = z.object({
  ready: z.boolean(),
  refined_prompt: z.string().trim().min(10).max(4000),
  style_preset: z.string().nullable().optional(),
  colors: z.array(z.string()).max(10).optional(),
  text: z.string().max(120).nullable().optional(),
  mood: z.string().max(60).nullable().optional(),
});

export interface LlmIntent {
  ready: boolean;
  proposal: PromptProposal;
}

function brandLines(brand: StoredBrandContext | null): string {
  if (!brand) {
    return 'No brand kit: pick a palette that suits the style.';
  }
  const lines = [
    brand.name ? `Name: ${brand.name}` : null,
    brand.primary_colors.length > 0 ? `Primary colours: ${brand.primary_colors.join(', ')}` : null,
    brand.accent_colors.length > 0 ? `Accent colours: ${brand.accent_colors.join(', ')}` : null,
    brand.tone ? `Tone: ${brand.tone}` : null,
    brand.fonts?.headline ? `Headline font: ${brand.fonts.headline}` : null,
  ].filter((line): line is string => line !== null);
  return lines.length > 0 ? lines.join('\n') : 'Brand kit without details: pick a palette that suits the style.';
}

function groundingLines(grounding: readonly CoachGroundingItem[]): string {
  const lines = grounding.map((item) => {
    switch (item.source) {
      case 'twitch_channel':
        return `The streamer's Twitch channel: "${item.title}", category ${item.category_name ?? 'none'}${item.is_live ? ', live now' : ''}.`;
      case 'twitch_top_streams':
        return `Top ${item.category_name} streams now: ${item.streams.map((stream) => `${stream.user_name} ("${stream.title}")`).join('; ')}.`;
      case 'popular_asset_types':
        return `Most generated on AuraStream (last ${item.days} days): ${item.asset_types.map((entry) => entry.asset_type).join(', ')}.`;
      case 'popular_styles':
        return `Most used styles on AuraStream (last ${item.days} days): ${item.styles.map((entry) => entry.style_preset).join(', ')}.`;
    }
  });
  return lines.length > 0 ? lines.join('\n') : 'None.';
}

/** The system prompt: the format's rules, the brand, the grounding and the answer contract. */
export function buildSystemPrompt(context: TurnContext, plan: TurnPlan): string {
  const profile = profileOf(context.assetType);
  const textRule = profile.maxTextWords === 0 ? 'no text at all' : `at most ${profile.maxTextWords} word(s) of text`;
  const questions = plan.questions.map((slot) => `- ${profile.questions[slot] ?? slot}`).join('\n');
  return [
    `You are AuraStream's Prompt Coach. You help a Twitch streamer turn a rough idea for a ${profile.label} into a prompt an image generator can use as is.`,
    `## The format\n${profile.label}, ${profile.dimensions.width}x${profile.dimensions.height}. ${profile.constraint}\nComposition that works: ${profile.composition}.\nBackground: ${profile.background}.\nText: ${textRule}.\nAvoid: ${profile.avoid.join(', ')}.`,
    `## Brand kit\n${brandLines(context.brand)}`,
    `## Context looked up for this streamer\n${groundingLines(context.grounding)}`,
    `## A rule-based draft you may improve\n"${plan.proposal.refined_prompt}"`,
    [
      '## How to answer',
      '- Be warm, brief and concrete: about 120 words at most before the JSON block.',
      questions
        ? `- These essentials are still open; ask about them (two short questions at most) and still show a draft prompt:\n${questions}`
        : '- Nothing essential is missing: propose the refined prompt in quotes and invite changes.',
      '- Never ask again about something the streamer already answered; apply every change they ask for.',
      `- Style presets: ${stylePresetSchema.options.join(', ')}.`,
      context.turnsRemaining <= 0
        ? '- This is the last message of the session: give the final prompt and set "ready" to true.'
        : null,
      '- End every answer with a fenced ```json block and nothing after it, of exactly this shape:',
      '{"ready": true, "refined_prompt": "…", "style_preset": "neon", "colors": ["#RRGGBB"], "text": "GG", "mood": "hype"}',
      '  "ready" is true when the prompt can be generated as is; "style_preset" is one of the presets or null; "text" is the exact text to render or null for none.',
    ]
      .filter((line): line is string => line !== null)
      .join('\n'),
  ].join('\n\n');
}

/** The chat: the system prompt, then the conversation as the model saw and said it. */
export function buildChatMessages(context: TurnContext, plan: TurnPlan): ChatMessage[] {
  return [
    { role: 'system', content: buildSystemPrompt(context, plan) },
    ...context.messages.map((message) => ({ role: message.role, content: message.content })),
  ];
}

/** The model's intent block, validated; null when it is missing or unusable. */
export function parseLlmIntent(block: string | null, fallback: PromptProposal): LlmIntent | null {
  if (!block) {
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(block);
  } catch {
    return null;
  }
  const parsed = llmIntentSchema.safeParse(raw);
  if (!parsed.success) {
    return null;
  }
  const style = stylePresetSchema.safeParse(parsed.data.style_preset);
  const colors = (parsed.data.colors ?? [])
    .map((color) => color.trim().toUpperCase())
    .filter((color) => /^#[0-9A-F]{6}$/.test(color));
  return {
    ready: parsed.data.ready,
    proposal: {
      refined_prompt: clampPrompt(parsed.data.refined_prompt),
      style_preset: style.success ? style.data : parsed.data.style_preset === null ? null : fallback.style_preset,
      colors: colors.length > 0 ? colors : fallback.colors,
      text: parsed.data.text === undefined ? fallback.text : parsed.data.text?.trim() || null,
      mood: parsed.data.mood === undefined ? fallback.mood : parsed.data.mood?.trim() || null,
    },
  };
}
