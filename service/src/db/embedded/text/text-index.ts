/**
 * A text index: term → documents, built from the string fields the index names
 * (or every string, for '$**'), with per-field weights. `search` answers a
 * `$text` query: documents holding any of the words, every phrase and none of
 * the negated words, each with a relevance score (textScore).
 */
import { ErrorCodes, MongoCommandError } from '../errors';
import type { IndexSpec } from '../index-spec';
import { isPlainObject, type Document } from '../types';
import { fold, parseSearch, tokenize, type TokenizeOptions } from './tokenize';

export interface TextQuery {
  search: string;
  language?: string | undefined;
  caseSensitive?: boolean | undefined;
  diacriticSensitive?: boolean | undefined;
}

/** Strings of a value at a path (arrays flattened). */
function stringsAt(value: unknown, parts: readonly string[], out: string[] = []): string[] {
  if (parts.length === 0) {
    if (typeof value === 'string') {
      out.push(value);
    } else if (Array.isArray(value)) {
      value.forEach((v) => stringsAt(v, parts, out));
    }
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => stringsAt(v, parts, out));
  } else if (isPlainObject(value)) {
    stringsAt(value[parts[0] as string], parts.slice(1), out);
  }
  return out;
}

/** Every string in a document, by dotted path (for a wildcard text index). */
function allStrings(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') {
    out.push([prefix, value]);
  } else if (Array.isArray(value)) {
    value.forEach((v) => allStrings(v, prefix, out));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      allStrings(v, prefix ? `${prefix}.${k}` : k, out);
    }
  }
}

export class TextIndex {
  readonly name: string;
  private readonly weights: Map<string, number>;
  private readonly wildcard: boolean;
  private readonly language: string;
  private readonly terms = new Map<string, Set<string>>();

  constructor(spec: IndexSpec) {
    this.name = spec.name;
    const textFields = Object.entries(spec.key)
      .filter(([, v]) => v === 'text')
      .map(([f]) => f);
    const weights = isPlainObject(spec['weights']) ? spec['weights'] : {};
    this.wildcard = textFields.includes('$**') || '$**' in weights;
    this.weights = new Map(textFields.filter((f) => f !== '$**').map((f) => [f, 1]));
    for (const [f, w] of Object.entries(weights)) {
      if (f !== '$**') {
        this.weights.set(f, typeof w === 'number' ? w : 1);
      }
    }
    this.language = typeof spec['default_language'] === 'string' ? spec['default_language'] : 'english';
  }

  /** Field → its text, for the fields this index covers. */
  private fieldsOf(doc: Document): Array<[string, string]> {
    if (this.wildcard) {
      const out: Array<[string, string]> = [];
      allStrings(doc, '', out);
      return out;
    }
    return Array.from(this.weights.keys()).flatMap((f) =>
      stringsAt(doc, f.split('.')).map((s) => [f, s] as [string, string]),
    );
  }

  private termsOf(doc: Document): Set<string> {
    const out = new Set<string>();
    for (const [, text] of this.fieldsOf(doc)) {
      tokenize(text, { language: this.language }).forEach((t) => out.add(t));
    }
    return out;
  }

  add(id: string, doc: Document): void {
    for (const t of this.termsOf(doc)) {
      let set = this.terms.get(t);
      if (!set) {
        this.terms.set(t, (set = new Set()));
      }
      set.add(id);
    }
  }

  remove(id: string, doc: Document): void {
    for (const t of this.termsOf(doc)) {
      const set = this.terms.get(t);
      set?.delete(id);
      if (set?.size === 0) {
        this.terms.delete(t);
      }
    }
  }

  clear(): void {
    this.terms.clear();
  }

  /** Ids of documents with any of the words (the candidates of a `$text` query). */
  candidates(query: TextQuery): Set<string> {
    const language = query.language ?? this.language;
    const parsed = parseSearch(query.search);
    const words = [...parsed.terms, ...parsed.phrases.join(' ').split(/\s+/)];
    const out = new Set<string>();
    for (const word of words) {
      for (const t of tokenize(word, { language })) {
        this.terms.get(t)?.forEach((id) => out.add(id));
      }
    }
    return out;
  }

  /** The score of a candidate, or undefined when a phrase or negation rules it out. */
  score(doc: Document, query: TextQuery): number | undefined {
    const opts: TokenizeOptions = {
      language: query.language ?? this.language,
      caseSensitive: query.caseSensitive === true,
      diacriticSensitive: query.diacriticSensitive === true,
    };
    const parsed = parseSearch(query.search);
    const fields = this.fieldsOf(doc);
    const folded = fields.map(([, text]) => fold(text, opts));
    if (!parsed.phrases.every((p) => folded.some((text) => text.includes(fold(p, opts))))) {
      return undefined;
    }
    const wanted = new Set(parsed.terms.flatMap((w) => tokenize(w, opts)));
    parsed.phrases.forEach((p) => tokenize(p, opts).forEach((t) => wanted.add(t)));
    const negated = new Set(parsed.negated.flatMap((w) => tokenize(w, opts)));
    let score = 0;
    for (const [field, text] of fields) {
      const tokens = tokenize(text, opts);
      if (tokens.some((t) => negated.has(t))) {
        return undefined;
      }
      const weight = this.weights.get(field) ?? 1;
      const hits = tokens.filter((t) => wanted.has(t)).length;
      // mongod-like: weight × matches, damped by the field's length.
      score += hits === 0 ? 0 : weight * hits * (0.5 + 0.5 / tokens.length) + weight * 0.5;
    }
    return score > 0 ? score : undefined;
  }
}

/** The `$text` clause of a filter, if any, and the filter without it. */
export function splitText(filter: Document): { text: TextQuery | undefined; rest: Document } {
  const raw = filter['$text'];
  if (raw === undefined) {
    return { text: undefined, rest: filter };
  }
  if (!isPlainObject(raw) || typeof raw['$search'] !== 'string') {
    throw new MongoCommandError(ErrorCodes.FailedToParse, '$text requires a $search string');
  }
  const { $text: _text, ...rest } = filter;
  return {
    text: {
      search: raw['$search'],
      language: typeof raw['$language'] === 'string' ? raw['$language'] : undefined,
      caseSensitive: raw['$caseSensitive'] === true,
      diacriticSensitive: raw['$diacriticSensitive'] === true,
    },
    rest,
  };
}
