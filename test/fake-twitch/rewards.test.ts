import { expect } from 'chai';
import type { ApiClient } from '@twurple/api';
import { startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { aimTwurpleAt, userApi } from './support';

const REDEMPTION_SCOPES = ['channel:read:redemptions', 'channel:manage:redemptions'];

/** Helix's error body's message. */
function messageOf(failure: { body: string }): string {
  return (JSON.parse(failure.body) as { message: string }).message;
}

/** What twurple's error carries: the Helix status and body. */
async function helixFailure(call: Promise<unknown>): Promise<{ statusCode: number; body: string }> {
  try {
    await call;
  } catch (error) {
    return error as { statusCode: number; body: string };
  }
  throw new Error('expected Helix to refuse the call');
}

describe('fake Twitch: channel points custom rewards and redemptions, through twurple', () => {
  let twitch: FakeTwitch;
  let streamer: FakeTwitchUser;
  let api: ApiClient;

  before(async () => {
    twitch = await startFakeTwitch();
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox' });
    twitch.addUser({ login: 'pixelpal', display_name: 'PixelPal', broadcaster_type: '' });
    api = userApi(twitch, twitch.issueUserToken(streamer.id, REDEMPTION_SCOPES).accessToken, REDEMPTION_SCOPES);
  });
  aimTwurpleAt(() => twitch);
  after(async () => {
    await twitch.stop();
  });
  afterEach(() => {
    expect(twitch.unexpectedRequests).to.deep.equal([]);
  });

  it('creates a reward the app owns, in the shape twurple reads', async () => {
    const reward = await api.channelPoints.createCustomReward(streamer.id, {
      title: 'Suggest an emote',
      cost: 500,
      prompt: 'What should NeonFox make next?',
      userInputRequired: true,
      globalCooldown: 30,
      maxRedemptionsPerStream: 20,
      backgroundColor: '#9147ff',
    });
    expect(reward.id).to.match(/^[0-9a-f-]{36}$/);
    expect(reward).to.include({
      broadcasterId: streamer.id,
      broadcasterName: 'neonfox',
      broadcasterDisplayName: 'NeonFox',
      title: 'Suggest an emote',
      cost: 500,
      prompt: 'What should NeonFox make next?',
      userInputRequired: true,
      isEnabled: true,
      isPaused: false,
      isInStock: true,
      globalCooldown: 30,
      maxRedemptionsPerStream: 20,
      maxRedemptionsPerUserPerStream: null,
      backgroundColor: '#9147FF',
      autoFulfill: false,
    });
    expect(reward.getImageUrl(4)).to.equal('https://static-cdn.jtvnw.net/custom-reward-images/default-4.png');
    const [created] = twitch.requestsTo('/helix/channel_points/custom_rewards');
    expect(created?.path).to.equal('/mock/channel_points/custom_rewards');
  });

  it('refuses a streamer who is neither affiliate nor partner with 403', async () => {
    const pebble = twitch.addUser({ login: 'pebblecast', broadcaster_type: '' });
    const pebbleApi = userApi(
      twitch,
      twitch.issueUserToken(pebble.id, REDEMPTION_SCOPES).accessToken,
      REDEMPTION_SCOPES,
    );
    const failure = await helixFailure(pebbleApi.channelPoints.createCustomReward(pebble.id, { title: 'Hi', cost: 1 }));
    expect(failure.statusCode).to.equal(403);
    expect(JSON.parse(failure.body)).to.deep.equal({
      error: 'Forbidden',
      status: 403,
      message: 'The broadcaster is not a partner or affiliate',
    });
    expect((await helixFailure(pebbleApi.channelPoints.getCustomRewards(pebble.id))).statusCode).to.equal(403);
  });

  it('updates and deletes its own reward', async () => {
    const throwaway = await api.channelPoints.createCustomReward(streamer.id, { title: 'Throwaway', cost: 5 });
    const changed = await api.channelPoints.updateCustomReward(streamer.id, throwaway.id, {
      isPaused: true,
      cost: 750,
    });
    expect(changed).to.include({ isPaused: true, cost: 750, title: 'Throwaway' });
    await api.channelPoints.deleteCustomReward(streamer.id, throwaway.id);
    expect(
      await api.channelPoints
        .getCustomRewardById(streamer.id, throwaway.id)
        .catch((error: { statusCode: number }) => error.statusCode),
    ).to.equal(404);
    const gone = await helixFailure(api.channelPoints.deleteCustomReward(streamer.id, throwaway.id));
    expect(gone.statusCode).to.equal(404);
  });

  it('refuses a duplicate title and the 51st reward with 400', async () => {
    const duplicate = await helixFailure(
      api.channelPoints.createCustomReward(streamer.id, { title: 'suggest an EMOTE', cost: 9 }),
    );
    expect(duplicate.statusCode).to.equal(400);
    expect(messageOf(duplicate)).to.equal('CREATE_CUSTOM_REWARD_DUPLICATE_REWARD');
    const existing = (await api.channelPoints.getCustomRewards(streamer.id)).length;
    for (let index = existing; index < 50; index += 1) {
      twitch.createReward(streamer.id, { title: `Reward ${index}`, cost: 10 + index });
    }
    const tooMany = await helixFailure(
      api.channelPoints.createCustomReward(streamer.id, { title: 'One more', cost: 1 }),
    );
    expect(tooMany.statusCode).to.equal(400);
    expect(messageOf(tooMany)).to.match(/maximum of 50 custom rewards/);
    expect(await api.channelPoints.getCustomRewards(streamer.id)).to.have.length(50);
  });

  it("lists only the app's own rewards with only_manageable_rewards, and lets no other app change them", async () => {
    const all = await api.channelPoints.getCustomRewards(streamer.id);
    const mine = await api.channelPoints.getCustomRewards(streamer.id, true);
    expect(mine.map((reward) => reward.title)).to.deep.equal(['Suggest an emote']);
    expect(all.length).to.be.greaterThan(mine.length);
    const madeOnTwitch = all.find((reward) => reward.title === 'Reward 1')!;
    for (const call of [
      api.channelPoints.updateCustomReward(streamer.id, madeOnTwitch.id, { cost: 2 }),
      api.channelPoints.deleteCustomReward(streamer.id, madeOnTwitch.id),
    ]) {
      const failure = await helixFailure(call);
      expect(failure.statusCode).to.equal(403);
      expect(messageOf(failure)).to.equal(
        'The ID in the Client-Id header must match the client ID used to create the custom reward',
      );
    }
    const other = twitch.registerApp({ name: 'Some other bot' });
    const otherToken = twitch.issueUserToken(streamer.id, REDEMPTION_SCOPES, other.clientId).accessToken;
    const otherApi = userApi(twitch, otherToken, REDEMPTION_SCOPES, other.clientId);
    expect(
      (await helixFailure(otherApi.channelPoints.updateCustomReward(streamer.id, mine[0]!.id, { isPaused: true })))
        .statusCode,
    ).to.equal(403);
    expect(await otherApi.channelPoints.getCustomRewards(streamer.id, true)).to.deep.equal([]);
  });

  it('needs the redemption scopes and the broadcaster’s own token', async () => {
    const viewer = twitch.user('pixelpal')!;
    const noScope = userApi(
      twitch,
      twitch.issueUserToken(streamer.id, ['user:read:email']).accessToken,
      REDEMPTION_SCOPES,
    );
    const missing = await helixFailure(noScope.channelPoints.getCustomRewards(streamer.id));
    expect(missing.statusCode).to.equal(401);
    expect(messageOf(missing)).to.equal('Missing scope: channel:read:redemptions or channel:manage:redemptions');
    // twurple trusts the scopes it is told; the token itself has only the read scope
    const readOnly = userApi(
      twitch,
      twitch.issueUserToken(streamer.id, ['channel:read:redemptions']).accessToken,
      REDEMPTION_SCOPES,
    );
    expect(await readOnly.channelPoints.getCustomRewards(streamer.id)).to.have.length(50);
    const create = await helixFailure(readOnly.channelPoints.createCustomReward(streamer.id, { title: 'X', cost: 1 }));
    expect(messageOf(create)).to.equal('Missing scope: channel:manage:redemptions');
    const response = await fetch(`${twitch.helixBaseUrl}/channel_points/custom_rewards?broadcaster_id=${streamer.id}`, {
      headers: {
        'client-id': twitch.clientId,
        authorization: `Bearer ${twitch.issueUserToken(viewer.id, REDEMPTION_SCOPES).accessToken}`,
      },
    });
    expect(response.status).to.equal(401);
  });

  it('records a redemption, lets the app fulfil or cancel it once, and refunds nothing twice', async () => {
    const [mine] = await api.channelPoints.getCustomRewards(streamer.id, true);
    const { redemption } = await twitch.eventSub.redeem({
      channel: 'neonfox',
      viewer: 'pixelpal',
      text: 'a cat in a hat',
    });
    expect(redemption).to.include({ status: 'UNFULFILLED', user_input: 'a cat in a hat', user_login: 'pixelpal' });
    expect(redemption.reward.id).to.equal(mine!.id);

    const pending = await api.channelPoints.getRedemptionsForBroadcaster(streamer.id, mine!.id, 'UNFULFILLED', {});
    expect(pending.data.map((found) => found.id)).to.deep.equal([redemption.id]);
    expect(pending.data[0]!.redemptionDate.toISOString()).to.equal(
      redemption.redeemed_at.replace(/(\.\d{3})\d*Z$/, '$1Z'),
    );
    expect(pending.data[0]).to.include({
      userName: 'pixelpal',
      userDisplayName: 'PixelPal',
      userInput: 'a cat in a hat',
      rewardId: mine!.id,
      rewardTitle: 'Suggest an emote',
      rewardCost: 500,
      isFulfilled: false,
      isCanceled: false,
    });
    const [fulfilled] = await api.channelPoints.updateRedemptionStatusByIds(
      streamer.id,
      mine!.id,
      [redemption.id],
      'FULFILLED',
    );
    expect(fulfilled!.isFulfilled).to.equal(true);
    const again = await helixFailure(
      api.channelPoints.updateRedemptionStatusByIds(streamer.id, mine!.id, [redemption.id], 'CANCELED'),
    );
    expect(again.statusCode).to.equal(404);
    expect(twitch.redemptions(mine!.id)[0]!.status).to.equal('FULFILLED');
  });

  it("refuses to show or change redemptions of a reward the app didn't create", async () => {
    const madeOnTwitch = twitch.rewards(streamer.id).find((reward) => reward.title === 'Reward 1')!;
    const failure = await helixFailure(
      api.channelPoints.getRedemptionsForBroadcaster(streamer.id, madeOnTwitch.id, 'UNFULFILLED', {}),
    );
    expect(failure.statusCode).to.equal(403);
  });
});
