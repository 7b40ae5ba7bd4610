import { expect } from 'chai';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { AuraStreamBot } from '@aurastream/bot';
import type { ChatTransport } from '@aurastream/contract';
import {
  FAST_LIMITS,
  botCredential,
  botLines,
  chatter,
  connectBotAccount,
  eventually,
  joined,
  replyTo,
  say,
  startBot,
  streamerWithBot,
} from './support';

type Role = 'viewer' | 'subscriber' | 'vip' | 'moderator' | 'broadcaster';

/**
 * Every command with every role, through each transport: who may use it (the defaults: ideas,
 * votes, the top list, status and help for everyone; moderation, make, coach and go for moderators
 * and the streamer), and what the answer says. The chat limits are a verified bot's here, so the
 * 100 answers need not wait out Twitch's windows; the limits have their own tests.
 */
for (const transport of ['irc', 'eventsub'] as const satisfies readonly ChatTransport[]) {
  describe(`chat commands by role, over ${transport}`, () => {
    let twitch: FakeTwitch;
    let app: TestService;
    let bot: AuraStreamBot;
    const channel = `rolecheck${transport}`;
    let channelId = '';
    let streamer: Awaited<ReturnType<typeof streamerWithBot>>;
    const logins = {} as Record<Role, string>;
    const ideaOf = {} as Record<Role, number>;

    before(async () => {
      twitch = await startFakeTwitch({ chatLimits: { messagesPer30s: 10_000, privilegedMessagesPer30s: 10_000 } });
      app = await startTestService({ ...twitch.serviceEnv, CHAT_BOT_TRANSPORT: transport });
      const { admin } = await connectBotAccount(app, twitch);
      streamer = await streamerWithBot(app, twitch, channel);
      channelId = streamer.channelId;
      await streamer.api.ideas.updateSettings({ body: { moderators: 'all' } });
      // no cooldowns here: each role uses each command once, one after the other (cooldowns: rules.test.ts)
      const noCooldown = { cooldownSeconds: 0, userCooldownSeconds: 0 };
      await streamer.api.chatBot.updateSettings({
        body: {
          commands: { idea: noCooldown, vote: noCooldown, top: noCooldown, status: noCooldown, help: noCooldown },
        },
      });
      logins.broadcaster = channel;
      for (const role of ['viewer', 'subscriber', 'vip', 'moderator'] as const) {
        logins[role] = chatter(twitch, channelId, `${role.slice(0, 3)}${transport}`, role);
      }
      bot = await startBot(app, twitch, await botCredential(admin), { limits: FAST_LIMITS });
      if (transport === 'irc') {
        await joined(twitch, channel, 'aurastreambot');
      }
    });
    after(async () => {
      await bot?.stop();
      await app?.stop();
      await twitch?.stop();
    });

    const ask = async (role: Role, text: string) =>
      replyTo(twitch, channel, 'aurastreambot', await say(twitch, channel, logins[role], text));
    const modOnly = /is for moderators/;

    for (const role of ['viewer', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const) {
      const moderates = role === 'moderator' || role === 'broadcaster';

      it(`${role}: idea, vote, top, status and help`, async () => {
        const idea = await ask(role, `!aura idea a ${role} cat in ${transport}`);
        const number = Number(/idea #(\d+) waits for approval/.exec(idea)?.[1]);
        expect(number, idea).to.be.greaterThan(0);
        ideaOf[role] = number;
        expect(await ask(role, `!aura vote ${number}`)).to.match(
          new RegExp(`vote counted: idea #${number} has 1 vote`),
        );
        expect(await ask(role, '!aura top')).to.match(/top ideas: #\d+ “/);
        expect(await ask(role, '!aura status')).to.match(/AuraStream is on here: \d+ ideas? waiting/);
        const help = await ask(role, '!aura help');
        expect(help).to.include('!aura idea <text>');
        expect(help.includes('!aura approve'), help).to.equal(moderates);
      });

      it(`${role}: approve and reject ${moderates ? 'from chat' : 'are refused'}`, async () => {
        const [approveTarget, rejectTarget] =
          role === 'moderator' ? [ideaOf.viewer, ideaOf.subscriber] : [ideaOf.vip, ideaOf.moderator];
        const approved = await ask(role, `!aura approve ${approveTarget ?? 1} a crisp vector cat`);
        const rejected = await ask(role, `!aura reject ${rejectTarget ?? 1} not this stream`);
        if (moderates) {
          expect(approved).to.match(new RegExp(`approved idea #${approveTarget}`));
          expect(rejected).to.match(new RegExp(`rejected idea #${rejectTarget} \\(not this stream\\)`));
        } else {
          expect(approved).to.match(modOnly);
          expect(rejected).to.match(modOnly);
        }
      });

      it(`${role}: make, coach and go ${moderates ? 'work' : 'are refused'}`, async () => {
        const made = await ask(role, '!aura make emote a tiny happy cactus');
        const coached = await ask(role, '!aura coach banner a neon city skyline');
        const went = await ask(role, '!aura go');
        if (moderates) {
          expect(made).to.match(/queued: emote “a tiny happy cactus”/);
          expect(coached).to.match(/→ !aura go$/);
          expect(coached.length).to.be.at.most(450);
          expect(went).to.match(/queued: banner/);
        } else {
          expect(
            [made, coached, went].every((text) => modOnly.test(text)),
            `${made}\n${coached}\n${went}`,
          ).to.equal(true);
        }
      });
    }

    it('announces in chat when a made asset is ready, with the link that works once the streamer publishes it', async () => {
      const id = await say(twitch, channel, logins.broadcaster, '!aura make badge a golden star');
      await replyTo(twitch, channel, 'aurastreambot', id);
      const ready = await eventually(
        () =>
          botLines(twitch, channel, 'aurastreambot').some(
            (line) => line.reply_parent_msg_id === id && /ready: http/.test(line.text),
          ),
        25_000,
      );
      expect(
        ready,
        botLines(twitch, channel, 'aurastreambot')
          .map((line) => line.text)
          .join('\n'),
      ).to.equal(true);
      const link = /ready: (\S+)/.exec(
        botLines(twitch, channel, 'aurastreambot').find(
          (line) => line.reply_parent_msg_id === id && /ready:/.test(line.text),
        )?.text ?? '',
      )?.[1];
      // nothing is public unseen: the link answers once the streamer publishes the design
      expect((await fetch(link ?? '')).status).to.equal(404);
      const assetId = new URL(link!).pathname.split('/').at(-2)!;
      await streamer.api.assets.setVisibility({ params: { id: assetId }, body: { isPublic: true } });
      expect((await fetch(link!)).status).to.equal(200);
    });

    it(`sends through ${transport === 'irc' ? 'IRC as the bot account' : 'Helix as the app'} and never speaks twice to one command`, async () => {
      const lines = botLines(twitch, channel, 'aurastreambot');
      expect(new Set(lines.map((line) => line.via))).to.deep.equal(new Set([transport === 'irc' ? 'irc' : 'helix']));
      // announcements thread to the command they follow: an idea's fate, a make's link (or failure)
      const answers = lines.filter(
        (line) => line.reply_parent_msg_id && line.text.startsWith('@') && !/ready:|could not be made/.test(line.text),
      );
      const threads = answers.map((line) => line.reply_parent_msg_id);
      const twice = answers.filter((line, index) => threads.indexOf(line.reply_parent_msg_id) !== index);
      expect(twice.map((line) => line.text)).to.deep.equal([]);
      expect(twitch.unexpectedRequests).to.deep.equal([]);
    });
  });
}
