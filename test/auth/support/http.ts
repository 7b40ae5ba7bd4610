import type { TestService } from '@aurastream/service/testing';

/** One cookie as the service set it, with its attributes. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

export function parseSetCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair = '', ...rest] = header.split(';');
    const separator = pair.indexOf('=');
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const [key = '', ...value] = attribute.trim().split('=');
      attributes.set(key.toLowerCase(), value.join('='));
    }
    return {
      name: pair.slice(0, separator).trim(),
      value: decodeURIComponent(pair.slice(separator + 1).trim()),
      attributes,
    };
  });
}

/** A browser's cookies, enough for the auth flows (cookies set to expire are dropped). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const cookie of parseSetCookies(response)) {
      const expires = cookie.attributes.get('expires');
      const expired = cookie.value === '' || (expires !== undefined && new Date(expires).getTime() < Date.now());
      if (expired) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  }
}

export interface RequestOptions {
  body?: unknown;
  accessToken?: string;
  jar?: CookieJar;
  csrfToken?: string;
  headers?: Record<string, string>;
}

/** A raw HTTP call, for the tests that look at statuses, headers and cookies. */
export async function call(
  app: Pick<TestService, 'url'>,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (options.accessToken) {
    headers.authorization = `Bearer ${options.accessToken}`;
  }
  if (options.jar) {
    headers.cookie = options.jar.header();
  }
  if (options.csrfToken) {
    headers['x-csrf-token'] = options.csrfToken;
  }
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  options.jar?.store(response);
  return response;
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export async function errorOf(response: Response): Promise<ErrorBody['error']> {
  return ((await response.json()) as ErrorBody).error;
}

/** The fields named in a 422's details. */
export async function invalidFields(response: Response): Promise<string[]> {
  const { details } = await errorOf(response);
  return (details as { field: string }[]).map((issue) => issue.field);
}
