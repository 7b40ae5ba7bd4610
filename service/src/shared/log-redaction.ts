/**
 * Keeps credentials out of log lines wherever they travel: headers, cookies, URL paths and query
 * strings, error messages. Object fields with credential names are removed by the logger's `redact`
 * paths (`logger.ts`); this covers what those paths cannot reach: text.
 */

export const REDACTED = '[redacted]';

/** Names (of headers, query parameters, fields) whose values are credentials or as good as one. */
const credentialName =
  /(authorization|cookie|token|secret|password|passwd|jwt|signature|api[-_]?key|session|csrf|nonce|^code$|^state$|^key$)/i;

/** A JWT (header.payload.signature, base64url, the header always starting `{"`). */
const jwtPattern = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g;

/** `name=value` in a query string or form text, for a credential name. */
const credentialPairPattern =
  /([?&;\s]|^)((?:[\w-]*(?:token|secret|password|passwd|jwt|signature|api[-_]?key|session|csrf|nonce)[\w-]*|code|state|key))=([^&\s"'#]*)/gi;

/** A generated file's secret address suffix: `<asset id>.<32 hex>.png` (see generated-asset-store). */
const secretFileSuffix = /(\/files\/[^?#]*\.)[0-9a-f]{32}(\.[a-z]+)/gi;

export function isCredentialName(name: string): boolean {
  return credentialName.test(name);
}

/** Redacts JWTs and credential `name=value` pairs anywhere in a text (messages, stacks). */
export function redactText(text: string): string {
  return text
    .replace(jwtPattern, REDACTED)
    .replace(credentialPairPattern, (_match, before: string, name: string) => `${before}${name}=${REDACTED}`)
    .replace(secretFileSuffix, `$1${REDACTED}$2`);
}

/** A path template of the API (`/api/v1/auth/email/verify/{token}`) as a pattern of its secret segments. */
function secretSegmentsPattern(template: string, secretParams: readonly string[]): RegExp | null {
  const segments = template.split('/');
  if (!segments.some((segment) => secretParams.includes(segment.replace(/^\{(\w+)\}$/, '$1')))) {
    return null;
  }
  const source = segments
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!param) {
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      return secretParams.includes(param) ? '(?<secret>[^/?#]+)' : '[^/?#]+';
    })
    .join('/');
  return new RegExp(`^${source}(?=$|[/?#])`);
}

/**
 * Redacts URLs (request URLs, `Location`, `Referer`): the path parameters named as credentials in
 * the API's paths (an e-mail link's `{token}`), credential query parameters, and anything that
 * looks like a JWT.
 */
export class UrlRedactor {
  private readonly patterns: RegExp[];

  constructor(pathTemplates: readonly string[], secretParams: readonly string[] = ['token']) {
    this.patterns = pathTemplates
      .map((template) => secretSegmentsPattern(template, secretParams))
      .filter((pattern): pattern is RegExp => pattern !== null);
  }

  redact(url: string): string {
    const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url)?.[0] ?? '';
    const rest = url.slice(absolute.length);
    const queryStart = rest.search(/[?#]/);
    let path = queryStart === -1 ? rest : rest.slice(0, queryStart);
    const tail = queryStart === -1 ? '' : rest.slice(queryStart);
    for (const pattern of this.patterns) {
      const match = pattern.exec(path);
      if (match?.groups?.secret !== undefined) {
        const secretEnd = match[0].length;
        const secretStart = secretEnd - match.groups.secret.length;
        path = `${path.slice(0, secretStart)}${REDACTED}${path.slice(secretEnd)}`;
      }
    }
    return redactText(`${absolute}${path}${tail}`);
  }
}

/** Header values as logged: credentials replaced, URLs (Referer, Location) redacted. */
export function redactHeaders(
  headers: Record<string, unknown> | undefined,
  urls: UrlRedactor,
): Record<string, unknown> | undefined {
  if (!headers) {
    return headers;
  }
  const redacted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isCredentialName(name)) {
      redacted[name] = REDACTED;
    } else if (typeof value === 'string') {
      redacted[name] = urls.redact(value);
    } else if (Array.isArray(value)) {
      redacted[name] = (value as unknown[]).map((item) => (typeof item === 'string' ? urls.redact(item) : item));
    } else {
      redacted[name] = value;
    }
  }
  return redacted;
}
