import { DEFAULT_BLOCKED_TERMS } from './default-blocked-terms';

// leetspeak-lite: the digits and symbols people put in a word to slip past a filter
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
  '€': 'e',
};

/**
 * The form text and terms are compared in: accents dropped, lower case, leetspeak read as letters,
 * everything else that is not a letter or digit a word break, single spaces, padded with spaces so
 * a whole word or phrase is ` term `.
 */
export function normalizeForMatching(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // a symbol counts as a letter inside a word (`p0t4t0`, `a$$`), not as punctuation after one (`no!`)
    .replace(/[0134578@$!|€](?=[\p{L}\p{N}@$!|€])|(?<=\p{L})[0134578@$€]/gu, (char) => LEET[char] ?? char)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${folded} `;
}

/** Channels' compiled term sets kept at most (the oldest is dropped first). */
const COMPILED_MAX = 1000;
const compiled = new Map<string, BlockedTerms>();

/** A set of blocked words and phrases, matched as whole words. */
export class BlockedTerms {
  private readonly terms: Array<{ term: string; normalized: string }>;

  constructor(terms: Iterable<string>) {
    const seen = new Set<string>();
    this.terms = [];
    for (const term of terms) {
      const normalized = normalizeForMatching(term);
      if (normalized.trim() && !seen.has(normalized)) {
        seen.add(normalized);
        this.terms.push({ term, normalized });
      }
    }
  }

  /**
   * The channel's terms, plus AuraStream's defaults when the channel keeps them on; compiled once
   * per distinct list (every idea is checked, and normalising the default list is most of it).
   */
  static forChannel(channelTerms: readonly string[], useDefaults: boolean): BlockedTerms {
    const key = `${useDefaults ? 1 : 0}${JSON.stringify(channelTerms)}`;
    let terms = compiled.get(key);
    if (!terms) {
      terms = new BlockedTerms(useDefaults ? [...channelTerms, ...DEFAULT_BLOCKED_TERMS] : channelTerms);
      if (compiled.size >= COMPILED_MAX) {
        compiled.delete(compiled.keys().next().value as string);
      }
      compiled.set(key, terms);
    }
    return terms;
  }

  /** The first term the text contains as a whole word or phrase, or null. */
  find(text: string): string | null {
    const normalized = normalizeForMatching(text);
    return this.terms.find((entry) => normalized.includes(entry.normalized))?.term ?? null;
  }
}
