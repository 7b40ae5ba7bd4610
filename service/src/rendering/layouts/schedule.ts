import { type Canvas } from '@napi-rs/canvas';
import { inkOn, lighten, rgba } from '../color';
import type { Design } from '../design';
import { paintBackground } from '../draw/background';
import { drawLogoBadge } from '../draw/emblem';
import { roundRectPath } from '../draw/shapes';
import { drawCaption, drawHeadline } from '../draw/typography';

/**
 * A week at a glance: one card per day. Days and a time named in the prompt ("Mon Wed Fri 7pm")
 * are marked live; with none named every day is shown as a card to fill.
 */

const DAYS = [
  ['MON', /\bmon(day)?s?\b/i],
  ['TUE', /\btue(s|sday)?s?\b/i],
  ['WED', /\bwed(nesday)?s?\b/i],
  ['THU', /\bthu(rs?|rsday)?s?\b/i],
  ['FRI', /\bfri(day)?s?\b/i],
  ['SAT', /\bsat(urday)?s?\b/i],
  ['SUN', /\bsun(day)?s?\b/i],
] as const;

export interface WeekPlan {
  days: { label: string; live: boolean }[];
  /** e.g. `7 PM`; null when the prompt names no time. */
  time: string | null;
  anyNamed: boolean;
}

export function planWeek(prompt: string): WeekPlan {
  const weekdays = /\bweekdays?\b/i.test(prompt);
  const weekends = /\bweekends?\b/i.test(prompt);
  const days = DAYS.map(([label, pattern], index) => ({
    label,
    live: pattern.test(prompt) || (weekdays && index < 5) || (weekends && index >= 5),
  }));
  const timeMatch = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(\d{1,2}):(\d{2})\b/i.exec(prompt);
  let time: string | null = null;
  if (timeMatch?.[3]) {
    time = `${timeMatch[1]}${timeMatch[2] ? `:${timeMatch[2]}` : ''} ${timeMatch[3].toUpperCase()}`;
  } else if (timeMatch?.[4]) {
    time = `${timeMatch[4].padStart(2, '0')}:${timeMatch[5]}`;
  }
  return { days, time, anyNamed: days.some((day) => day.live) };
}

export function drawSchedule(canvas: Canvas, design: Design, prompt: string): void {
  const ctx = canvas.getContext('2d');
  const { width: w, height: h } = canvas;
  const { palette } = design;
  paintBackground(ctx, w, h, design, { x: w * 0.5, y: h * 0.2 });
  drawLogoBadge(ctx, design, w * 0.08, h * 0.13, h * 0.065);
  drawHeadline(ctx, design, design.headline, { x: w * 0.14, y: h * 0.05, w: w * 0.72, h: h * 0.17 }, { maxLines: 1 });
  if (design.channelName) {
    drawCaption(ctx, design, design.channelName, { x: w * 0.25, y: h * 0.22, w: w * 0.5, h: h * 0.05 });
  }
  const plan = planWeek(prompt);
  const gap = w * 0.014;
  const cardW = (w * 0.9 - gap * 6) / 7;
  const cardH = h * 0.52;
  const top = h * 0.32;
  plan.days.forEach((day, index) => {
    const x = w * 0.05 + index * (cardW + gap);
    const live = plan.anyNamed ? day.live : true;
    const card = roundRectPath(x, top, cardW, cardH, cardW * 0.12 * (0.3 + design.style.corner));
    ctx.save();
    ctx.shadowColor = 'rgba(0,0,0,0.4)';
    ctx.shadowBlur = h * 0.02;
    ctx.shadowOffsetY = h * 0.008;
    const fill = ctx.createLinearGradient(0, top, 0, top + cardH);
    fill.addColorStop(0, live ? lighten(palette.deep, 0.12) : rgba(palette.dark, 0.75));
    fill.addColorStop(1, live ? palette.deep : rgba(palette.dark, 0.6));
    ctx.fillStyle = fill;
    ctx.fill(card);
    ctx.restore();
    ctx.lineWidth = h * 0.004;
    ctx.strokeStyle = live ? rgba(palette.accent, 0.8) : 'rgba(255,255,255,0.12)';
    ctx.stroke(card);
    // day header strip
    ctx.save();
    ctx.clip(card);
    const headerColor = live ? [palette.main, palette.second, palette.accent][index % 3]! : rgba('#ffffff', 0.08);
    ctx.fillStyle = headerColor;
    ctx.fillRect(x, top, cardW, cardH * 0.24);
    ctx.restore();
    drawCaption(
      ctx,
      design,
      day.label,
      { x: x + cardW * 0.1, y: top + cardH * 0.03, w: cardW * 0.8, h: cardH * 0.17 },
      {
        color: live ? inkOn(headerColor) : 'rgba(255,255,255,0.5)',
      },
    );
    const status = live ? (plan.time ?? 'LIVE') : 'OFF';
    drawCaption(
      ctx,
      design,
      status,
      { x: x + cardW * 0.1, y: top + cardH * 0.42, w: cardW * 0.8, h: cardH * 0.14 },
      {
        color: live ? palette.light : 'rgba(255,255,255,0.35)',
      },
    );
    if (live) {
      ctx.fillStyle = rgba(palette.accent, 0.9);
      ctx.fillRect(x + cardW * 0.3, top + cardH * 0.62, cardW * 0.4, h * 0.005);
      if (design.category) {
        drawCaption(
          ctx,
          design,
          design.category,
          { x: x + cardW * 0.08, y: top + cardH * 0.7, w: cardW * 0.84, h: cardH * 0.08 },
          {
            color: rgba(palette.light, 0.8),
            maxLines: 2,
          },
        );
      }
    }
  });
  if (design.tagline) {
    drawCaption(ctx, design, design.tagline, { x: w * 0.15, y: h * 0.88, w: w * 0.7, h: h * 0.05 });
  }
}
