import type { FakeAccessToken, FakeTwitchState } from './fake-twitch-state';
import { bearerToken, helixError, type FakeRequest, type FakeResponse } from './http';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) {
    return 0;
  }
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' ? parsed.o : 0;
  } catch {
    return 0;
  }
}

/** Helix's `{data, pagination}` envelope over `first`/`after`. */
function page<T>(items: T[], req: FakeRequest): FakeResponse {
  const first = Number(req.query.get('first') ?? DEFAULT_PAGE);
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    return helixError(400, 'The parameter "first" was malformed: the value must be less than or equal to 100');
  }
  const offset = decodeCursor(req.query.get('after'));
  const slice = items.slice(offset, offset + first);
  const next = offset + first < items.length ? { cursor: encodeCursor(offset + first) } : {};
  return { status: 200, json: { data: slice, pagination: next } };
}

/**
 * The Helix endpoints AuraStream reads (users, channels, streams, games, category search), with
 * Twitch's header checks (`Client-Id` and `Authorization: Bearer`, matching each other).
 */
export class FakeHelixHandlers {
  constructor(private readonly state: FakeTwitchState) {}

  /** Checks the headers like Helix does: the caller's token, or the error to answer. */
  authenticate(req: FakeRequest): { token: FakeAccessToken } | { error: FakeResponse } {
    const clientId = req.headers['client-id'];
    const presented = bearerToken(req, ['bearer']);
    if (!presented) {
      return { error: helixError(401, 'OAuth token is missing') };
    }
    if (typeof clientId !== 'string' || clientId === '') {
      return { error: helixError(401, 'Client ID is missing') };
    }
    const token = this.state.validAccessToken(presented);
    if (!token) {
      return { error: helixError(401, 'Invalid OAuth token') };
    }
    if (token.clientId !== clientId) {
      return { error: helixError(401, 'Client ID and OAuth token do not match') };
    }
    return { token };
  }

  users(req: FakeRequest, token: FakeAccessToken): FakeResponse {
    const ids = req.query.getAll('id');
    const logins = req.query.getAll('login').map((login) => login.toLowerCase());
    if (ids.length + logins.length > MAX_PAGE) {
      return helixError(400, 'The combined number of id and login parameters must be 100 or less');
    }
    let users = [...this.state.users.values()];
    if (ids.length > 0 || logins.length > 0) {
      users = users.filter((user) => ids.includes(user.id) || logins.includes(user.login));
    } else if (token.userId) {
      users = users.filter((user) => user.id === token.userId);
    } else {
      return helixError(400, 'Must provide an ID, Login or OAuth Token');
    }
    const mayReadEmail = (id: string) => token.userId === id && token.scopes.includes('user:read:email');
    const data = users.map(({ email, ...user }) => ({
      ...user,
      ...(mayReadEmail(user.id) && email ? { email } : {}),
    }));
    return { status: 200, json: { data } };
  }

  channels(req: FakeRequest): FakeResponse {
    const ids = req.query.getAll('broadcaster_id');
    if (ids.length === 0) {
      return helixError(400, 'Missing required parameter "broadcaster_id"');
    }
    const data = ids.flatMap((id) => {
      const channel = this.state.channels.get(id);
      return channel ? [channel] : [];
    });
    return { status: 200, json: { data } };
  }

  streams(req: FakeRequest): FakeResponse {
    const userIds = req.query.getAll('user_id');
    const userLogins = req.query.getAll('user_login').map((login) => login.toLowerCase());
    const gameIds = req.query.getAll('game_id');
    const languages = req.query.getAll('language');
    const streams = this.state.streams
      .filter((stream) => userIds.length === 0 || userIds.includes(stream.user_id))
      .filter((stream) => userLogins.length === 0 || userLogins.includes(stream.user_login))
      .filter((stream) => gameIds.length === 0 || gameIds.includes(stream.game_id))
      .filter((stream) => languages.length === 0 || languages.includes(stream.language))
      .sort((a, b) => b.viewer_count - a.viewer_count);
    return page(streams, req);
  }

  games(req: FakeRequest): FakeResponse {
    const ids = req.query.getAll('id');
    const names = req.query.getAll('name').map((name) => name.toLowerCase());
    if (ids.length + names.length === 0) {
      return helixError(400, 'Missing required parameter "id" or "name"');
    }
    const data = [...this.state.games.values()].filter(
      (game) => ids.includes(game.id) || names.includes(game.name.toLowerCase()),
    );
    return { status: 200, json: { data } };
  }

  searchCategories(req: FakeRequest): FakeResponse {
    const query = req.query.get('query');
    if (!query) {
      return helixError(400, 'Missing required parameter "query"');
    }
    const needle = query.toLowerCase();
    const matches = [...this.state.games.values()]
      .filter((game) => game.name.toLowerCase().includes(needle))
      .map(({ id, name, box_art_url }) => ({ id, name, box_art_url }));
    return page(matches, req);
  }
}
