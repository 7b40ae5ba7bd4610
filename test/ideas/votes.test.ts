import { expect } from 'chai';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { IdeaVoteRepository } from '../../service/src/ideas/idea-vote.repository';
import type { IdeaVoteDocument } from '../../service/src/ideas/idea-vote.model';
import { pollUntil } from '../generation/support';
import { actor, configure, createStreamer, ideasApi, refusal, submit, viewer, type Streamer } from './support';

describe('ideas: votes', function () {
  this.timeout(90_000);
  let twitch: FakeTwitch;
  let app: TestService;
  let nova: Streamer;
  let rex: Streamer;

  const vote = (channelId: string, who = viewer(), ref: { id: string } | { number: number }) =>
    ideasApi(app).vote(actor(channelId, who), ref);

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService({ ...twitch.serviceEnv });
    nova = await createStreamer(app, twitch, { login: 'novavotes', displayName: 'NovaVotes' });
    rex = await createStreamer(app, twitch, { login: 'rexvotes', displayName: 'RexVotes' });
    for (const streamer of [nova, rex]) {
      await configure(streamer, { cooldownSeconds: 0, onePendingPerViewer: false });
    }
  });

  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('counts one vote per viewer and refuses the second with 409', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a frog' });
    const ada = viewer();
    expect(await vote(nova.channelId, ada, { id: idea.id })).to.deep.equal({
      idea_id: idea.id,
      number: idea.number,
      votes: 1,
    });
    const again = await refusal(vote(nova.channelId, ada, { id: idea.id }));
    expect(again).to.include({ status: 409, code: 'idea_already_voted' });
    expect(again.message).to.contain(`#${idea.number}`);
    // by number, as `!aura vote 12` sends it, is the same vote
    const byNumber = await refusal(vote(nova.channelId, ada, { number: idea.number }));
    expect(byNumber.code).to.equal('idea_already_voted');
    expect((await vote(nova.channelId, viewer(), { number: idea.number })).votes).to.equal(2);
  });

  it('knows a panel viewer by their opaque id when they did not share their identity', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a bat' });
    const anonymous = viewer({ twitchUserId: null });
    expect((await vote(nova.channelId, anonymous, { id: idea.id })).votes).to.equal(1);
    expect((await refusal(vote(nova.channelId, anonymous, { id: idea.id }))).code).to.equal('idea_already_voted');
    const nobody = viewer({ twitchUserId: null, opaqueId: null });
    expect((await refusal(vote(nova.channelId, nobody, { id: idea.id }))).status).to.equal(403);
  });

  it('counts 200 concurrent votes exactly, once each, and persists them', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a very popular frog' });
    const voters = Array.from({ length: 200 }, () => viewer());
    // each voter twice at once: 400 requests, 200 votes
    const outcomes = await Promise.allSettled(
      [...voters, ...voters].map((who) => vote(nova.channelId, who, { id: idea.id })),
    );
    const counted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.votes] : []));
    expect(counted).to.have.length(200);
    // every count from 1 to 200 was answered exactly once
    expect([...counted].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 200 }, (_, index) => index + 1));
    const persisted = await pollUntil(
      () => nova.api.ideas.get({ params: { id: idea.id } }),
      (stored) => stored.votes === 200,
      { what: 'the votes to reach MongoDB', timeoutMs: 15_000 },
    );
    expect(persisted.votes).to.equal(200);
    const db = app.service.infra.mongo.connection.db!;
    expect(await db.collection('idea_votes').countDocuments({ idea_id: idea.id })).to.equal(200);
  });

  it('writes a batch of votes replayed after a crash once: the rows already there are skipped', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a replayed frog' });
    const rows = new IdeaVoteRepository(app.service.infra.mongo.connection.model<IdeaVoteDocument>('IdeaVote'));
    const owner = nova.user.id;
    const batch = ['u:101', 'u:102', 'u:103'].map((voter_key) => ({
      idea_id: idea.id,
      voter_key,
      created_at: new Date(),
    }));
    await rows.insertMany(owner, batch.slice(0, 2));
    await rows.insertMany(owner, batch);
    expect(await rows.countForIdea(owner, idea.id)).to.equal(3);
    const stored = await app.service.infra.mongo.connection
      .db!.collection('idea_votes')
      .find({ idea_id: idea.id }, { sort: { voter_key: 1 } })
      .toArray();
    expect(
      stored.map((row): unknown[] => [typeof row._id, row.user_id, row.voter_key, row.created_at instanceof Date]),
    ).to.deep.equal(batch.map((vote) => ['string', owner, vote.voter_key, true]));
  });

  it('orders the approval queue by votes, then oldest first, page by page', async () => {
    const channel = await createStreamer(app, twitch, { login: 'queuechannel', displayName: 'Queue' });
    await configure(channel, { cooldownSeconds: 0, onePendingPerViewer: false });
    const ideas = [];
    for (const text of ['first', 'second', 'third', 'fourth', 'fifth']) {
      ideas.push(await submit(app, channel.channelId, viewer(), { text }));
    }
    const [first, second, third, fourth, fifth] = ideas as [(typeof ideas)[number], ...typeof ideas];
    for (let index = 0; index < 3; index += 1) {
      await vote(channel.channelId, viewer(), { id: fourth!.id });
    }
    await vote(channel.channelId, viewer(), { id: second!.id });
    await vote(channel.channelId, viewer(), { id: fifth!.id });
    await pollUntil(
      () => channel.api.ideas.get({ params: { id: fifth!.id } }),
      (stored) => stored.votes === 1,
      { what: 'votes to reach MongoDB', timeoutMs: 15_000 },
    );
    const expected = [fourth, second, fifth, first, third].map((idea) => idea!.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await channel.api.ideas.list({ query: { status: 'pending', order: 'queue', limit: 2, cursor } });
      seen.push(...page.ideas.map((idea) => idea.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).to.deep.equal(expected);
    // and what the panel and the bot read is the same order
    const forChannel = await ideasApi(app).listForChannel(channel.channelId, { status: 'pending' });
    expect(forChannel.map((idea) => idea.id)).to.deep.equal(expected);
  });

  it('refuses votes on a decided idea, and on an idea of another channel', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a doomed frog' });
    await nova.api.ideas.reject({ params: { id: idea.id }, body: { reason: 'not this week' } });
    expect(await refusal(vote(nova.channelId, viewer(), { id: idea.id }))).to.include({
      status: 409,
      code: 'idea_not_pending',
    });
    const rexIdea = await submit(app, rex.channelId, viewer(), { text: 'a rex idea' });
    expect(await refusal(vote(nova.channelId, viewer(), { id: rexIdea.id }))).to.include({
      status: 404,
      code: 'idea_not_found',
    });
  });

  it('coalesces a burst of votes into a few live events a second, the last one carrying the final count', async () => {
    const idea = await submit(app, nova.channelId, viewer(), { text: 'a frog for the burst' });
    const seen: Array<{ at: number; votes: number | undefined }> = [];
    const stop = await app.service.container.liveEvents.subscriber.subscribe(nova.user.id, (event) => {
      if (event.type === 'idea.votes') {
        seen.push({ at: Date.now(), votes: event.votes.find((count) => count.idea_id === idea.id)?.votes });
      }
    });
    try {
      const started = Date.now();
      // 300 votes spread over about 1.5 s
      for (let batch = 0; batch < 15; batch += 1) {
        await Promise.all(Array.from({ length: 20 }, () => vote(nova.channelId, viewer(), { id: idea.id })));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await pollUntil(
        async () => seen.at(-1)?.votes,
        (votes) => votes === 300,
        { what: 'the final count in a live event', timeoutMs: 10_000 },
      );
      const seconds = Math.max(1, (Date.now() - started) / 1000);
      expect(seen.length, `${seen.length} events in ${seconds.toFixed(1)} s`).to.be.at.most(Math.ceil(seconds * 4) + 1);
      expect(seen.length).to.be.greaterThan(1);
    } finally {
      await stop();
    }
  });
});
