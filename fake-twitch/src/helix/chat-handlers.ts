import type { ChatRooms } from '../chat/chat-rooms';
import { HelixError, type FakeRequest, type FakeResponse } from '../http/http';
import type { TokenStore } from '../oauth/tokens';
import type { FakeWorld } from '../world/world';
import { requireBroadcaster, requireScope, type HelixCaller } from './helix-auth';
import { page } from './pagination';

/** "Send Chat Message", and the moderator and VIP lists a chat bot reads. */
export class ChatHandlers {
  constructor(
    private readonly world: FakeWorld,
    private readonly tokens: TokenStore,
    private readonly rooms: ChatRooms,
  ) {}

  /**
   * `POST /chat/messages`. With a user token: its user is the sender and it needs `user:write:chat`.
   * With an app token (the chat-bot badge): the sender granted the app `user:write:chat` and
   * `user:bot`, and the broadcaster granted `channel:bot` unless the sender moderates the channel.
   * Twitch's sending limits apply; a message they refuse answers `is_sent: false` with the reason.
   */
  send(req: FakeRequest, caller: HelixCaller): FakeResponse {
    const body = req.json as Record<string, unknown> | undefined;
    if (req.jsonInvalid || !body || typeof body !== 'object') {
      throw new HelixError(400, 'The request body must be a JSON object');
    }
    // Twitch documents these in the body; twurple sends broadcaster_id and sender_id in the query, which Twitch takes too
    const broadcasterId = body.broadcaster_id ?? req.query.get('broadcaster_id') ?? undefined;
    const senderId = body.sender_id ?? req.query.get('sender_id') ?? undefined;
    const { message } = body;
    const reply = body.reply_parent_message_id;
    if (typeof broadcasterId !== 'string' || broadcasterId === '') {
      throw new HelixError(400, 'Missing required parameter "broadcaster_id"');
    }
    if (typeof senderId !== 'string' || senderId === '') {
      throw new HelixError(400, 'Missing required parameter "sender_id"');
    }
    if (typeof message !== 'string' || message === '') {
      throw new HelixError(400, 'Missing required parameter "message"');
    }
    if (reply !== undefined && typeof reply !== 'string') {
      throw new HelixError(400, 'The reply_parent_message_id field must be a string');
    }
    const channel = this.world.users.get(broadcasterId);
    const sender = this.world.users.get(senderId);
    if (!channel || !sender) {
      throw new HelixError(400, 'The broadcaster_id or sender_id does not identify a user');
    }
    if (caller.token.userId) {
      requireScope(caller, ['user:write:chat']);
      if (caller.token.userId !== senderId) {
        throw new HelixError(401, 'The sender_id must match the user ID in the access token');
      }
    } else {
      const granted = this.tokens.grantedScopes(caller.clientId, senderId);
      const moderates = this.rooms.isPrivileged(broadcasterId, senderId);
      const channelBot = this.tokens.grantedScopes(caller.clientId, broadcasterId).has('channel:bot');
      if (!granted.has('user:write:chat') || !granted.has('user:bot') || (!moderates && !channelBot)) {
        throw new HelixError(403, "The sender is not permitted to send chat messages to the broadcaster's chat room");
      }
    }
    if ([...message].length > this.rooms.limits.maxMessageLength) {
      throw new HelixError(422, 'The message is too large');
    }
    const result = this.rooms.post({
      channel,
      sender,
      text: message,
      via: 'helix',
      replyParentId: reply ?? null,
    });
    const data = result.sent
      ? { message_id: result.message.id, is_sent: true, drop_reason: null }
      : { message_id: '', is_sent: false, drop_reason: { code: result.code, message: result.text } };
    return { status: 200, json: { data: [data] } };
  }

  /** `GET /moderation/moderators`: the broadcaster's token with `moderation:read` or `channel:manage:moderators`. */
  moderators(req: FakeRequest, caller: HelixCaller): FakeResponse {
    requireScope(caller, ['moderation:read', 'channel:manage:moderators']);
    const broadcasterId = requireBroadcaster(caller, req);
    return this.members(req, this.world.rolesOf(broadcasterId).moderators);
  }

  /** `GET /channels/vips`: the broadcaster's token with `channel:read:vips` or `channel:manage:vips`. */
  vips(req: FakeRequest, caller: HelixCaller): FakeResponse {
    requireScope(caller, ['channel:read:vips', 'channel:manage:vips']);
    const broadcasterId = requireBroadcaster(caller, req);
    return this.members(req, this.world.rolesOf(broadcasterId).vips);
  }

  private members(req: FakeRequest, ids: string[]): FakeResponse {
    const wanted = req.query.getAll('user_id');
    if (wanted.length > 100) {
      throw new HelixError(400, 'You may specify a maximum of 100 user_id parameters');
    }
    const members = ids
      .filter((id) => wanted.length === 0 || wanted.includes(id))
      .flatMap((id) => {
        const user = this.world.users.get(id);
        return user ? [{ user_id: user.id, user_login: user.login, user_name: user.display_name }] : [];
      });
    return page(members, req, { fallback: 20, max: 100 });
  }
}
