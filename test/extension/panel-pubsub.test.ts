import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import {
  EXTENSION_PUBSUB_MAX_BYTES,
  EXTENSION_PUBSUB_MAX_PER_MINUTE,
  type ExtensionBroadcast,
  type ExtensionIdeasResponse,
  type LiveEvent,
} from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { createStreamer, requestExtension, viewerToken, type Streamer } from './support';

const IDEA_ID = '00000000-0000-4000-8000-000000000017';

describe('extension live events through Twitch Extension PubSub', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;

  const messages = () => twitch.pubsubMessages(nova.channelId);
  const eventsSent = (): LiveEvent[] =>
    messages().flatMap((message) => (JSON.parse(message.message) as ExtensionBroadcast).events);

  async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await sleep(50);
    }
  }

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({
      ...twitch.serviceEnv,
      TWITCH_EXTENSION_CLIENT_ID: twitch.extension.clientId,
      TWITCH_EXTENSION_SECRET: twitch.extension.secret,
      TWITCH_EXTENSION_OWNER_ID: twitch.extension.ownerId,
    });
    nova = await createStreamer(app, twitch, { login: 'novapubsub', displayName: 'NovaPubSub' });
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('tells the panel to listen on PubSub, and broadcasts a suggestion from the panel to the channel', async () => {
    const token = await viewerToken({ channelId: nova.channelId, secret: twitch.extension.secret });
    const list = (await (await requestExtension(app, token, '/ideas')).json()) as ExtensionIdeasResponse;
    expect(list.live_transport).to.equal('pubsub');
    const response = await requestExtension(app, token, '/ideas', { method: 'POST', body: { text: 'a comet emote' } });
    expect(response.status).to.equal(201);
    await until(
      () => eventsSent().some((event) => event.type === 'idea.submitted' && event.idea.text === 'a comet emote'),
      'the broadcast of the suggestion',
    );
    const sent = messages().at(-1)!;
    expect(sent.target).to.deep.equal(['broadcast']);
    expect(sent.is_global_broadcast).to.equal(false);
  });

  it('turns a burst of 1,000 progress events into a few messages of at most 5 KB, none refused', async () => {
    twitch.clearRequests();
    const before = messages().length;
    const started = Date.now();
    const publish = app.service.container.panelChannelEvents.publish;
    for (let step = 1; step <= 1000; step += 1) {
      const event: LiveEvent = {
        type: 'idea.generating',
        at: new Date().toISOString(),
        idea_id: IDEA_ID,
        number: 17,
        progress: Math.ceil(step / 10),
      };
      publish(nova.user.id, event);
      if (step % 50 === 0) {
        await sleep(100);
      }
    }
    const last = (event: LiveEvent) => event.type === 'idea.generating' && event.progress === 100;
    await until(() => eventsSent().some(last), 'the last progress');
    const elapsedMs = Date.now() - started;

    const burst = messages().slice(before);
    expect(burst.length).to.be.at.most(EXTENSION_PUBSUB_MAX_PER_MINUTE);
    // one message per channel slot (60 s / 100) at most, plus the one that opened the burst
    expect(burst.length).to.be.at.most(Math.ceil(elapsedMs / 600) + 1);
    for (const message of burst) {
      expect(Buffer.byteLength(message.message)).to.be.at.most(EXTENSION_PUBSUB_MAX_BYTES);
    }
    const answers = twitch.requestsTo('/helix/extensions/pubsub').map((request) => request.status);
    expect(answers).to.have.length(burst.length);
    expect(answers.every((status) => status === 204)).to.equal(true);
    // progress only ever moves forward on the panels
    const values = burst.flatMap((message) =>
      (JSON.parse(message.message) as ExtensionBroadcast).events.flatMap((event) =>
        event.type === 'idea.generating' ? [event.progress] : [],
      ),
    );
    expect(values).to.deep.equal([...values].sort((a, b) => a - b));
  });
});
