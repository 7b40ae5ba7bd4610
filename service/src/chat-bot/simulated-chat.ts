import type { SimulatedChatLogResponse, ViewerRole } from '@aurastream/contract';
import { errorCodes } from '@aurastream/contract';
import { NotFoundError, UpstreamError } from '../shared/errors';

const REQUEST_TIMEOUT_MS = 5000;
/** How much of the channel's chat the dashboard's box shows. */
const LOG_LENGTH = 30;

interface FakeChatLogEntry {
  id: string;
  user_id: string;
  user_login: string;
  display_name: string;
  text: string;
  reply_parent_msg_id: string | null;
  sent_at: string;
  sent: boolean;
  drop_reason: string | null;
}

/** A fake viewer per role, made once in the simulated Twitch. */
const FAKE_VIEWERS: Readonly<Record<Exclude<ViewerRole, 'broadcaster'>, { login: string; display_name: string }>> = {
  moderator: { login: 'aura_sim_mod', display_name: 'SimModerator' },
  vip: { login: 'aura_sim_vip', display_name: 'SimVIP' },
  subscriber: { login: 'aura_sim_sub', display_name: 'SimSubscriber' },
  viewer: { login: 'aura_sim_viewer', display_name: 'SimViewer' },
};

/**
 * The dashboard's simulated-chat box: says something in the streamer's channel on the simulated
 * Twitch (the fake's control API, which delivers it to IRC and EventSub like any viewer's message)
 * and reads the channel's chat back, the bot's replies included.
 */
export class SimulatedChat {
  constructor(private readonly fakeOrigin: string | null) {}

  get available(): boolean {
    return this.fakeOrigin !== null;
  }

  async say(channel: { id: string; login: string }, role: ViewerRole, text: string): Promise<{ message_id: string }> {
    let viewer = channel.id;
    if (role !== 'broadcaster') {
      const fake = FAKE_VIEWERS[role];
      await this.call('POST', '/_fake/users', { ...fake, broadcaster_type: 'viewer' });
      if (role !== 'viewer') {
        await this.call('POST', '/_fake/roles', { channel: channel.id, user: fake.login, role });
      }
      viewer = fake.login;
    }
    const sent = (await this.call('POST', '/_fake/chat/messages', { channel: channel.id, viewer, text })) as {
      message_id: string;
    };
    return { message_id: sent.message_id };
  }

  async log(channel: { login: string }, botUserIds: string[]): Promise<SimulatedChatLogResponse> {
    const { data } = (await this.call('GET', `/_fake/chat/messages?channel=${encodeURIComponent(channel.login)}`)) as {
      data: FakeChatLogEntry[];
    };
    return {
      messages: data.slice(-LOG_LENGTH).map((entry) => ({
        id: entry.id,
        login: entry.user_login,
        display_name: entry.display_name,
        text: entry.text,
        at: entry.sent_at,
        from_bot: botUserIds.includes(entry.user_id),
        reply_to_message_id: entry.reply_parent_msg_id,
        dropped: entry.sent ? null : (entry.drop_reason ?? 'dropped'),
      })),
    };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    if (!this.fakeOrigin) {
      throw new NotFoundError('The simulated chat', errorCodes.simulatedChatUnavailable);
    }
    const response = await fetch(`${this.fakeOrigin}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 404) {
      throw new NotFoundError('The simulated chat', errorCodes.simulatedChatUnavailable);
    }
    if (!response.ok) {
      throw new UpstreamError('simulated_twitch_error', `The simulated Twitch answered ${response.status}`);
    }
    return response.json();
  }
}
