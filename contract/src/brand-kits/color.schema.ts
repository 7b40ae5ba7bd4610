import { z } from 'zod';

const hexPattern = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** `f50`, `#F50`, `ff5500` → `#FF5500`: one spelling of a colour everywhere it is stored. */
export function normaliseHex(value: string): string {
  const digits = value.trim().replace(/^#/, '');
  const full =
    digits.length === 3
      ? digits
          .split('')
          .map((digit) => digit + digit)
          .join('')
      : digits;
  return `#${full.toUpperCase()}`;
}

/** A hex colour; accepted as `#RGB`, `#RRGGBB` (the `#` optional, any case), stored as `#RRGGBB` upper case. */
export const hexColorSchema = z
  .string()
  .trim()
  .regex(hexPattern, { message: 'must be a hex colour such as #FF5500 or #F50' })
  .overwrite(normaliseHex)
  .meta({
    description:
      'Hex colour; `#RGB` or `#RRGGBB` accepted (the `#` optional, any case), always answered as upper-case `#RRGGBB`',
    example: '#9146FF',
  });

/** Most colours in one palette (core `primary_colors` / `accent_colors` and each extended palette). */
export const PALETTE_MAX_COLORS = 8;
