import { measureLegibility, type ChatThemeName, type LegibilityMetrics } from './legibility-measure';
import type { LegibilityScore, RenderedFile } from './types';

/**
 * How well an emote or badge reads where viewers see it: at its chat size on Twitch's dark and
 * light chat. The score and its sentence come from the same findings, so they never disagree:
 * "Reads well" only at 75 or more, which any problem rules out; "Hard to read" under 50, which a
 * variation that disappears on either theme always is.
 */

/** Score bands, as the dashboard shows them (good, ok, low). */
const LEGIBILITY_GOOD = 75;
const LEGIBILITY_OK = 50;

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const percent = (v: number): number => Math.round(clamp01(v) * 100);

const THEME_LABELS: Record<ChatThemeName, string> = {
  dark: "Twitch's dark chat (#18181B)",
  light: "Twitch's light chat (#FFFFFF)",
};

interface Finding {
  /** 0 (fails) to 1 (fine). */
  value: number;
  /** Below this it is a problem: the variation cannot score good. */
  problemBelow: number;
  /** Below this, the variation cannot score better than low. */
  severeBelow: number;
  text: string;
}

/** Under this visibility (less than about half the shape stands out) a variation has disappeared. */
const SEVERELY_UNSEEN = 0.45;

function visibilityFinding(metrics: LegibilityMetrics): Finding {
  const { dark, light } = metrics.themes;
  const worst: ChatThemeName = dark.seen <= light.seen ? 'dark' : 'light';
  const seen = metrics.themes[worst].seen;
  const value = clamp01((seen - 0.2) / 0.6);
  const both = Math.max(dark.seen, light.seen) < 0.6;
  const where = both ? "both Twitch's dark and light chat" : THEME_LABELS[worst];
  return {
    value,
    // at least 68% of the shape must stand out on each theme to count as readable there
    problemBelow: 0.8,
    severeBelow: SEVERELY_UNSEEN,
    text: `${value < SEVERELY_UNSEEN ? 'disappears' : 'fades'} on ${where}: ${
      percent(seen) === 0 ? 'none' : `only ${percent(seen)}%`
    } of its shape stands out`,
  };
}

function findings(metrics: LegibilityMetrics, chatPx: number): Finding[] {
  const solidity = Math.max(metrics.themes.dark.solidity, metrics.themes.light.solidity);
  const thin = Math.min(clamp01((solidity - 0.12) / 0.33), clamp01((metrics.strokeSurvival - 0.45) / 0.4));
  const coverage =
    metrics.coverage < 0.3 ? clamp01((metrics.coverage - 0.06) / 0.24) : metrics.coverage > 0.95 ? 0.85 : 1;
  return [
    visibilityFinding(metrics),
    {
      value: clamp01(1 - (metrics.seeThrough - 0.2) / 0.5),
      problemBelow: 0.7,
      severeBelow: 0.35,
      text: `mostly see-through (${percent(1 - metrics.seeThrough)}% of it is solid)`,
    },
    { value: thin, problemBelow: 0.7, severeBelow: 0.35, text: `thin strokes that break up at ${chatPx} px` },
    {
      value: clamp01(1 - (metrics.detailLoss - 0.5) / 0.45),
      problemBelow: 0.7,
      severeBelow: 0.2,
      text: `too much fine detail (${percent(metrics.detailLoss)}% of it is lost when shrunk)`,
    },
    {
      value: coverage,
      problemBelow: 0.7,
      severeBelow: 0.35,
      text: `small in its frame (fills ${percent(metrics.coverage)}%)`,
    },
    {
      value: clamp01(Math.log(metrics.contrast) / Math.log(7)),
      problemBelow: 0.7,
      severeBelow: 0,
      text: `low contrast between its parts (${metrics.contrast.toFixed(1)}:1)`,
    },
  ];
}

/** Weights of the findings, in their order; a few colours earn the rest (they help, but many do not hide it). */
const WEIGHTS = [0.35, 0.05, 0.15, 0.15, 0.15, 0.1];
const COLOUR_WEIGHT = 0.05;

/** Scores 0-100 and explains the score in one sentence. */
export function scoreLegibility(metrics: LegibilityMetrics, chatPx: number): LegibilityScore {
  const found = findings(metrics, chatPx);
  const colourValue = metrics.colours <= 4 ? 1 : metrics.colours <= 6 ? 0.7 : 0.4;
  const weighted =
    found.reduce((sum, finding, index) => sum + finding.value * (WEIGHTS[index] ?? 0), 0) + COLOUR_WEIGHT * colourValue;
  const problems = found.filter((finding) => finding.value < finding.problemBelow).sort((a, b) => a.value - b.value);
  const severe = problems.some((finding) => finding.value < finding.severeBelow);
  let score = Math.round(100 * weighted);
  if (severe) {
    // the worse a problem that makes it vanish, the lower it goes: 10 (nothing seen) to 45
    const worst = Math.min(
      ...problems.filter((finding) => finding.value < finding.severeBelow).map((f) => f.value / f.severeBelow),
    );
    score = Math.min(score, Math.round(10 + 35 * worst));
  } else if (problems.length > 0) {
    score = Math.min(score, LEGIBILITY_GOOD - 1);
  }
  const at = `${chatPx} px`;
  if (score >= LEGIBILITY_GOOD) {
    return { score, explanation: `Reads well at ${at} on dark and light chat: ${strengths(metrics)}.` };
  }
  // in the middle band without a clear problem, the weakest finding is what holds it back
  const reasons = problems.length > 0 ? problems : [...found].sort((a, b) => a.value - b.value).slice(0, 1);
  const listed = reasons.map((finding) => finding.text);
  if (score >= LEGIBILITY_OK) {
    return { score, explanation: `Reads at ${at}, but ${listed.slice(0, 2).join('; ')}.` };
  }
  return { score, explanation: `Hard to read at ${at}: ${listed.slice(0, 3).join('; ')}.` };
}

function strengths(metrics: LegibilityMetrics): string {
  const parts = ['stands out on both themes', 'bold shapes'];
  if (metrics.colours <= 4) {
    parts.push(`${Math.max(1, metrics.colours)} main colour${metrics.colours === 1 ? '' : 's'}`);
  }
  parts.push(`fills ${percent(metrics.coverage)}% of the frame`);
  return parts.join(', ');
}

/**
 * Legibility of an image (any size, usually the largest file) at `chatPx`; `chatSized` is the file
 * Twitch shows at that size, when there is one.
 */
export async function assessLegibility(image: Buffer, chatPx: number, chatSized?: Buffer): Promise<LegibilityScore> {
  return scoreLegibility(await measureLegibility(image, chatPx, chatSized), chatPx);
}

/** Legibility of a rendered set of files: the largest as the reference, the chat-size file as seen. */
export async function assessRenderedLegibility(
  files: readonly RenderedFile[],
  chatPx: number | null,
): Promise<LegibilityScore | null> {
  const largest = files[0];
  if (chatPx === null || !largest) {
    return null;
  }
  const chatSized = files.find((file) => file.width === chatPx && file.height === chatPx);
  return assessLegibility(largest.data, chatPx, chatSized?.data);
}
