import type { WebSocket } from 'ws';
import type { FakeChatMessage } from '../eventsub/events';
import type { TokenStore } from '../oauth/tokens';
import type { FakeClock } from '../world/clock';
import type { FakeTwitchUser } from '../world/types';
import type { FakeWorld } from '../world/world';
import type { ChatRooms } from './chat-rooms';
import { formatIrcLine, parseIrcLine, type IrcMessage } from './irc-message';

const SERVER = 'tmi.twitch.tv';
const CAPABILITIES = ['twitch.tv/tags', 'twitch.tv/commands', 'twitch.tv/membership'];
const JOIN_WINDOW_MS = 10_000;

export interface ChatConnectionDeps {
  world: FakeWorld;
  tokens: TokenStore;
  rooms: ChatRooms;
  clock: FakeClock;
  /** JOINs per 10 s per account; the rest are dropped, as Twitch does. */
  joinTimes(accountKey: string): number[];
  /** Tells the other connections in the channel (twitch.tv/membership). */
  announce(command: 'JOIN' | 'PART', channelName: string, from: ChatConnection): void;
}

/** One client on Twitch's IRC-over-WebSocket endpoint: registration, JOIN/PART, PRIVMSG, PING. */
export class ChatConnection {
  readonly channels = new Set<string>();
  readonly capabilities = new Set<string>();
  user: FakeTwitchUser | null = null;
  nick = '';
  registered = false;
  scopes: string[] = [];
  droppedJoins = 0;
  private password: string | null = null;

  constructor(
    readonly socket: WebSocket,
    private readonly deps: ChatConnectionDeps,
  ) {}

  get login(): string {
    return this.user?.login ?? this.nick;
  }

  send(message: Parameters<typeof formatIrcLine>[0]): void {
    const tags = this.capabilities.has('twitch.tv/tags') ? message.tags : undefined;
    this.socket.send(`${formatIrcLine({ ...message, tags })}\r\n`);
  }

  receive(data: string): void {
    for (const line of data.split(/\r?\n/)) {
      const message = parseIrcLine(line);
      if (message) {
        this.handle(message);
      }
    }
  }

  private handle(message: IrcMessage): void {
    switch (message.command) {
      case 'CAP':
        return this.capability(message.params);
      case 'PASS':
        this.password = message.params[0] ?? null;
        return;
      case 'NICK':
        this.nick = (message.params[0] ?? '').toLowerCase();
        return this.register();
      case 'USER':
        return;
      case 'PING':
        return this.send({ prefix: SERVER, command: 'PONG', params: [SERVER], trailing: message.params[0] ?? SERVER });
      case 'PONG':
        return;
      case 'JOIN':
        return this.join(message.params[0] ?? '');
      case 'PART':
        return this.part(message.params[0] ?? '');
      case 'PRIVMSG':
        return this.privmsg(message);
      case 'QUIT':
        this.socket.close(1000);
        return;
      default:
        if (this.registered) {
          this.send({
            prefix: SERVER,
            command: '421',
            params: [this.login, message.command],
            trailing: 'Unknown command',
          });
        }
    }
  }

  private capability(params: string[]): void {
    const [subcommand = '', ...rest] = params;
    switch (subcommand.toUpperCase()) {
      case 'LS':
        this.send({ prefix: SERVER, command: 'CAP', params: ['*', 'LS'], trailing: CAPABILITIES.join(' ') });
        return;
      case 'REQ': {
        const requested = (rest[rest.length - 1] ?? '').split(' ').filter(Boolean);
        const known = requested.every((cap) => CAPABILITIES.includes(cap));
        if (known) {
          requested.forEach((cap) => this.capabilities.add(cap));
        }
        this.send({
          prefix: SERVER,
          command: 'CAP',
          params: ['*', known ? 'ACK' : 'NAK'],
          trailing: requested.join(' '),
        });
        return;
      }
      default:
        return;
    }
  }

  /** Twitch takes `PASS oauth:<token>` (or none: a read-only `justinfan` guest) and then NICK. */
  private register(): void {
    if (this.registered) {
      return;
    }
    if (this.password === null) {
      if (!/^justinfan\d+$/.test(this.nick)) {
        return this.refuse('Login authentication failed');
      }
    } else {
      if (!this.password.startsWith('oauth:')) {
        return this.refuse('Improperly formatted auth');
      }
      const token = this.deps.tokens.validAccessToken(this.password.slice('oauth:'.length));
      const user = token?.userId ? this.deps.world.users.get(token.userId) : undefined;
      if (!token || !user || !token.scopes.includes('chat:read')) {
        return this.refuse('Login authentication failed');
      }
      this.user = user;
      this.scopes = token.scopes;
    }
    this.registered = true;
    const nick = this.login;
    const welcome = [
      ['001', 'Welcome, GLHF!'],
      ['002', `Your host is ${SERVER}`],
      ['003', 'This server is rather new'],
      ['004', '-'],
      ['375', '-'],
      ['372', 'You are in a maze of twisty passages, all alike.'],
      ['376', '>'],
    ];
    for (const [command, text] of welcome) {
      this.send({ prefix: SERVER, command: command as string, params: [nick], trailing: text });
    }
    if (this.user && this.capabilities.has('twitch.tv/commands')) {
      this.send({
        tags: {
          'badge-info': '',
          badges: '',
          color: this.deps.world.colorOf(this.user.id),
          'display-name': this.user.display_name,
          'emote-sets': '0',
          'user-id': this.user.id,
          'user-type': '',
        },
        prefix: SERVER,
        command: 'GLOBALUSERSTATE',
      });
    }
  }

  private refuse(reason: string): void {
    this.send({ prefix: SERVER, command: 'NOTICE', params: ['*'], trailing: reason });
    this.socket.close(1000);
  }

  private accountKey(): string {
    return this.user?.id ?? `anonymous:${this.nick}`;
  }

  private join(list: string): void {
    if (!this.registered) {
      return;
    }
    for (const name of list.split(',').filter(Boolean)) {
      const times = this.deps.joinTimes(this.accountKey());
      const now = this.deps.clock.now();
      const recent = times.filter((at) => at > now - JOIN_WINDOW_MS);
      times.splice(0, times.length, ...recent);
      if (recent.length >= this.deps.rooms.limits.joinsPer10s) {
        this.droppedJoins += 1;
        continue;
      }
      times.push(now);
      const channelName = `#${name.toLowerCase().replace(/^#/, '')}`;
      const owner = this.deps.world.userByLogin(channelName);
      if (!owner) {
        this.send({
          tags: { 'msg-id': 'msg_channel_suspended' },
          prefix: SERVER,
          command: 'NOTICE',
          params: [channelName],
          trailing: 'This channel does not exist or has been suspended.',
        });
        continue;
      }
      this.channels.add(channelName);
      const nick = this.login;
      this.send({ prefix: `${nick}!${nick}@${nick}.${SERVER}`, command: 'JOIN', params: [channelName] });
      this.send({ prefix: `${nick}.${SERVER}`, command: '353', params: [nick, '=', channelName], trailing: nick });
      this.send({
        prefix: `${nick}.${SERVER}`,
        command: '366',
        params: [nick, channelName],
        trailing: 'End of /NAMES list',
      });
      if (this.capabilities.has('twitch.tv/commands')) {
        this.sendUserState(owner);
        this.send({
          tags: {
            'emote-only': '0',
            'followers-only': '-1',
            r9k: '0',
            'room-id': owner.id,
            slow: '0',
            'subs-only': '0',
          },
          prefix: SERVER,
          command: 'ROOMSTATE',
          params: [channelName],
        });
      }
      this.deps.announce('JOIN', channelName, this);
    }
  }

  private part(list: string): void {
    for (const name of list.split(',').filter(Boolean)) {
      const channelName = `#${name.toLowerCase().replace(/^#/, '')}`;
      if (this.channels.delete(channelName)) {
        const nick = this.login;
        this.send({ prefix: `${nick}!${nick}@${nick}.${SERVER}`, command: 'PART', params: [channelName] });
        this.deps.announce('PART', channelName, this);
      }
    }
  }

  /** USERSTATE: the sender's own badges in a channel, after JOIN and after each message they send. */
  sendUserState(owner: FakeTwitchUser, messageId?: string): void {
    const user = this.user;
    if (!user || !this.capabilities.has('twitch.tv/commands')) {
      return;
    }
    this.send({
      tags: { ...this.deps.rooms.userTags(owner.id, user), 'emote-sets': '0', ...(messageId ? { id: messageId } : {}) },
      prefix: SERVER,
      command: 'USERSTATE',
      params: [`#${owner.login}`],
    });
  }

  private privmsg(message: IrcMessage): void {
    const [target = '', text = ''] = message.params;
    const owner = this.deps.world.userByLogin(target);
    if (!this.registered || !this.user || !owner) {
      return;
    }
    if (!this.scopes.includes('chat:edit')) {
      this.notice(target, 'no_permission', 'You don’t have permission to perform that action.');
      return;
    }
    const result = this.deps.rooms.post({
      channel: owner,
      sender: this.user,
      text,
      via: 'irc',
      replyParentId: message.tags['reply-parent-msg-id'] ?? null,
      origin: this,
    });
    if (result.sent) {
      this.sendUserState(owner, result.message.id);
    } else {
      this.notice(target, result.code, result.text);
    }
  }

  private notice(channel: string, msgId: string, text: string): void {
    this.send({
      tags: { 'msg-id': msgId },
      prefix: SERVER,
      command: 'NOTICE',
      params: [channel.toLowerCase()],
      trailing: text,
    });
  }

  /** Another user's message in a channel this connection joined. */
  deliver(message: FakeChatMessage): void {
    const channelName = `#${message.broadcaster.login}`;
    if (!this.channels.has(channelName)) {
      return;
    }
    const { chatter } = message;
    const tags: Record<string, string> = {
      ...this.deps.rooms.userTags(message.broadcaster.id, chatter),
      'first-msg': '0',
      flags: '',
      id: message.id,
      'returning-chatter': '0',
      'room-id': message.broadcaster.id,
      'tmi-sent-ts': String(message.sentAt),
      turbo: '0',
      'user-id': chatter.id,
      emotes: '',
    };
    if (message.reply) {
      Object.assign(tags, {
        'reply-parent-msg-id': message.reply.parent_message_id,
        'reply-parent-user-id': message.reply.parent_user_id,
        'reply-parent-user-login': message.reply.parent_user_login,
        'reply-parent-display-name': message.reply.parent_user_name,
        'reply-parent-msg-body': message.reply.parent_message_body,
        'reply-thread-parent-msg-id': message.reply.thread_message_id,
        'reply-thread-parent-user-id': message.reply.thread_user_id,
        'reply-thread-parent-user-login': message.reply.thread_user_login,
        'reply-thread-parent-display-name': message.reply.thread_user_name,
      });
    }
    const nick = chatter.login;
    this.send({
      tags,
      prefix: `${nick}!${nick}@${nick}.${SERVER}`,
      command: 'PRIVMSG',
      params: [channelName],
      trailing: message.text,
    });
  }

  /** A membership event (twitch.tv/membership): someone else joined or left a channel this connection is in. */
  membership(command: 'JOIN' | 'PART', channelName: string, login: string): void {
    if (this.capabilities.has('twitch.tv/membership') && this.channels.has(channelName)) {
      this.send({ prefix: `${login}!${login}@${login}.${SERVER}`, command, params: [channelName] });
    }
  }
}
