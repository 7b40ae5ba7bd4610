import { HelixError, type FakeRequest, type FakeResponse } from '../http/http';
import type { FakeWorld } from '../world/world';
import type { HelixCaller } from './helix-auth';
import { page } from './pagination';

const MAX_IDS = 100;

/** The Helix endpoints AuraStream reads about channels: users, channels, streams, games, category search. */
export class CatalogHandlers {
  constructor(private readonly world: FakeWorld) {}

  users(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const ids = req.query.getAll('id');
    const logins = req.query.getAll('login').map((login) => login.toLowerCase());
    if (ids.length + logins.length > MAX_IDS) {
      throw new HelixError(400, 'The combined number of id and login parameters must be 100 or less');
    }
    const { token } = caller;
    let users = [...this.world.users.values()];
    if (ids.length > 0 || logins.length > 0) {
      users = users.filter((user) => ids.includes(user.id) || logins.includes(user.login));
    } else if (token.userId) {
      users = users.filter((user) => user.id === token.userId);
    } else {
      throw new HelixError(400, 'Must provide an ID, Login or OAuth Token');
    }
    const mayReadEmail = (id: string) => token.userId === id && token.scopes.includes('user:read:email');
    // a file saved before email_verified existed holds only verified addresses
    const data = users.map(({ email, email_verified: emailVerified = true, ...user }) => ({
      ...user,
      ...(mayReadEmail(user.id) && email && emailVerified ? { email } : {}),
    }));
    return { status: 200, json: { data } };
  }

  channels(req: FakeRequest): FakeResponse {
    const ids = req.query.getAll('broadcaster_id');
    if (ids.length === 0) {
      throw new HelixError(400, 'Missing required parameter "broadcaster_id"');
    }
    if (ids.length > MAX_IDS) {
      throw new HelixError(400, 'You may specify a maximum of 100 broadcaster_id parameters');
    }
    const data = ids.flatMap((id) => {
      const channel = this.world.channels.get(id);
      return channel ? [channel] : [];
    });
    return { status: 200, json: { data } };
  }

  streams(req: FakeRequest): FakeResponse {
    const userIds = req.query.getAll('user_id');
    const userLogins = req.query.getAll('user_login').map((login) => login.toLowerCase());
    const gameIds = req.query.getAll('game_id');
    const languages = req.query.getAll('language');
    const streams = this.world.streams
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
      throw new HelixError(400, 'Missing required parameter "id" or "name"');
    }
    const data = [...this.world.games.values()].filter(
      (game) => ids.includes(game.id) || names.includes(game.name.toLowerCase()),
    );
    return { status: 200, json: { data } };
  }

  searchCategories(req: FakeRequest): FakeResponse {
    const query = req.query.get('query');
    if (!query) {
      throw new HelixError(400, 'Missing required parameter "query"');
    }
    const needle = query.toLowerCase();
    const matches = [...this.world.games.values()]
      .filter((game) => game.name.toLowerCase().includes(needle))
      .map(({ id, name, box_art_url }) => ({ id, name, box_art_url }));
    return page(matches, req);
  }
}
