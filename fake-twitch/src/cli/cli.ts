#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFakeTwitchRuntime } from '../runtime-file';
import { ControlClient } from './control-client';
import { serve } from './serve';

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const DEFAULT_PORT = 8091;

const help = `npm run twitch:fake [-- <command> [options]]

  (no command)     start a fake Twitch on 127.0.0.1 (--port, default ${DEFAULT_PORT}; 0: a free one),
                   with sample streamers and viewers; keeps them in $DATA_DIR/fake-twitch.json
  redeem           a viewer redeems a channel-point reward:
                     --channel neonfox --viewer pixelpal --text "a cat" [--reward <id or title>]
  chat             a viewer says something in a channel's chat (IRC and EventSub channel.chat.message):
                     --channel neonfox --viewer starling --text "!aura idea a cat" [--reply-to <message id>]
  messages         what was said in a channel: --channel neonfox
  add-user         --login newviewer [--kind affiliate|partner|viewer]
  add-reward       a reward made on Twitch's own page (no app may change it):
                     --channel neonfox --title "Hydrate" [--cost 100] [--input]
  role             --channel neonfox --user pixelpal --role moderator|vip|subscriber [--remove]
  revoke           a user disconnects the app (user.authorization.revoke): --user neonfox
  revoke-subscription   Twitch revokes a subscription: --id <subscription id> --reason user_removed|authorization_revoked|notification_failures_exceeded
  redeliver        send an EventSub message again (same id): --message-id <id>
  disconnect       drop chat connections: [--login aurastreambot] [--reconnect]
  state            accounts, rewards and EventSub subscriptions, as JSON

  EventSub deliveries of redeem and chat can break Twitch's rules for tests:
    --forge-signature   --stale-timestamp   --twice
  --url <origin> picks the fake; otherwise the one running on $DATA_DIR (npm start's simulated Twitch too).`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      url: { type: 'string' },
      channel: { type: 'string' },
      viewer: { type: 'string' },
      user: { type: 'string' },
      text: { type: 'string' },
      reward: { type: 'string' },
      'reply-to': { type: 'string' },
      login: { type: 'string' },
      kind: { type: 'string' },
      role: { type: 'string' },
      title: { type: 'string' },
      cost: { type: 'string' },
      input: { type: 'boolean' },
      remove: { type: 'boolean' },
      id: { type: 'string' },
      reason: { type: 'string' },
      'message-id': { type: 'string' },
      reconnect: { type: 'boolean' },
      'forge-signature': { type: 'boolean' },
      'stale-timestamp': { type: 'boolean' },
      twice: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'serve';
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
  if (values.help || command === 'help') {
    print(help);
    return;
  }
  if (command === 'serve') {
    await serve({ port: values.port === undefined ? DEFAULT_PORT : Number(values.port), dataDir });
    return;
  }
  const url = values.url ?? readFakeTwitchRuntime(dataDir)?.url ?? `http://localhost:${DEFAULT_PORT}`;
  const control = new ControlClient(url.replace(/\/$/, ''));
  const delivery = {
    forge_signature: values['forge-signature'],
    stale_timestamp: values['stale-timestamp'],
    times: values.twice ? 2 : 1,
  };
  const show = (value: unknown) => print(JSON.stringify(value, null, 2));
  switch (command) {
    case 'redeem':
      return show(
        await control.call('POST', '/_fake/redemptions', {
          channel: values.channel,
          viewer: values.viewer,
          text: values.text,
          reward: values.reward,
          delivery,
        }),
      );
    case 'chat':
      return show(
        await control.call('POST', '/_fake/chat/messages', {
          channel: values.channel,
          viewer: values.viewer,
          text: values.text,
          reply_to: values['reply-to'],
          delivery,
        }),
      );
    case 'messages':
      return show(
        await control.call('GET', `/_fake/chat/messages?channel=${encodeURIComponent(values.channel ?? '')}`),
      );
    case 'add-user':
      return show(await control.call('POST', '/_fake/users', { login: values.login, broadcaster_type: values.kind }));
    case 'add-reward':
      return show(
        await control.call('POST', '/_fake/rewards', {
          channel: values.channel,
          title: values.title,
          cost: values.cost === undefined ? undefined : Number(values.cost),
          is_user_input_required: values.input === true,
        }),
      );
    case 'role':
      return show(
        await control.call('POST', '/_fake/roles', {
          channel: values.channel,
          user: values.user,
          role: values.role,
          granted: !values.remove,
        }),
      );
    case 'revoke':
      return show(await control.call('POST', '/_fake/authorization-revocations', { user: values.user }));
    case 'revoke-subscription':
      return show(
        await control.call('POST', '/_fake/eventsub/revocations', {
          subscription_id: values.id,
          reason: values.reason,
        }),
      );
    case 'redeliver':
      return show(
        await control.call('POST', '/_fake/eventsub/redeliveries', { message_id: values['message-id'], delivery }),
      );
    case 'disconnect':
      return show(
        await control.call('POST', '/_fake/chat/disconnect', {
          login: values.login,
          mode: values.reconnect ? 'reconnect' : 'drop',
        }),
      );
    case 'state':
      return show(await control.call('GET', '/_fake/state'));
    default:
      throw new Error(`Unknown command "${command}"; npm run twitch:fake -- help lists them`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fake Twitch: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
