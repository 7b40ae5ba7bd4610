/**
 * Text search tokenizing as MongoDB's text indexes do it for English (and for
 * language 'none'): words split on anything that is not a letter or digit, case
 * and diacritics folded, stop words dropped, Porter2 (Snowball English) stems.
 */
import stem from 'wink-porter2-stemmer';

// The English stop words MongoDB's text indexes ignore (its stop_words_english list, abridged).
const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
  once only or other our ours ourselves out over own same she should so some such than that the their theirs them
  themselves then there these they this those through to too under until up very was we were what when where which
  while who whom why will with would you your yours yourself yourselves`.split(/\s+/),
);

export interface TokenizeOptions {
  language: string;
  caseSensitive?: boolean;
  diacriticSensitive?: boolean;
}

export function fold(text: string, opts: Omit<TokenizeOptions, 'language'>): string {
  let out = opts.caseSensitive ? text : text.toLowerCase();
  if (!opts.diacriticSensitive) {
    out = out.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return out;
}

/** The index terms of a piece of text. */
export function tokenize(text: string, opts: TokenizeOptions): string[] {
  const words = fold(text, opts)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (opts.language === 'none') {
    return words;
  }
  return words.filter((w) => !STOP_WORDS.has(w.toLowerCase())).map((w) => (opts.caseSensitive ? w : stem(w)));
}

export interface TextSearch {
  terms: string[];
  phrases: string[];
  negated: string[];
}

/** Parse a `$search` string: words (any may match), "phrases" (all must match), -negations. */
export function parseSearch(search: string): TextSearch {
  const phrases: string[] = [];
  const rest = search.replace(/"([^"]*)"/g, (_, p: string) => {
    if (p.trim()) {
      phrases.push(p);
    }
    return ' ';
  });
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-') && word.length > 1) {
      negated.push(word.slice(1));
    } else {
      terms.push(word);
    }
  }
  return { terms, phrases, negated };
}
