import { expect } from 'chai';
import { SignJWT } from 'jose';
import { ManualClock, startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';

/** An extension backend's JWT, as Twitch documents it (and twurple's ebs-helper signs it). */
function externalJwt(
  twitch: FakeTwitch,
  claims: Record<string, unknown>,
  options: { secret?: string; expiresIn?: number } = {},
): Promise<string> {
  return new SignJWT({ user_id: twitch.extension.ownerId, role: 'external', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(twitch.clock.now() / 1000) + (options.expiresIn ?? 60))
    .sign(Buffer.from(options.secret ?? twitch.extension.secret, 'base64'));
}

describe('fake Twitch: Send Extension PubSub Message', () => {
  let twitch: FakeTwitch;
  let clock: ManualClock;
  let streamer: FakeTwitchUser;

  const send = async (body: Record<string, unknown>, jwt: string, clientId = twitch.extension.clientId) =>
    fetch(`${twitch.helixBaseUrl}/extensions/pubsub`, {
      method: 'POST',
      headers: { 'client-id': clientId, authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const broadcast = (message: string) => ({ target: ['broadcast'], broadcaster_id: streamer.id, message });
  const permitted = () => externalJwt(twitch, { channel_id: streamer.id, pubsub_perms: { send: ['broadcast'] } });

  before(async () => {
    clock = new ManualClock();
    twitch = await startFakeTwitch({ clock });
    streamer = twitch.addUser({ login: 'neonfox' });
  });
  after(async () => {
    await twitch.stop();
  });

  it('accepts a broadcast signed with the extension secret (204) and records it', async () => {
    const response = await send(broadcast('{"type":"idea.approved","id":12}'), await permitted());
    expect(response.status).to.equal(204);
    expect(twitch.pubsubMessages(streamer.id)).to.have.length(1);
    expect(twitch.pubsubMessages(streamer.id)[0]).to.include({
      broadcaster_id: streamer.id,
      message: '{"type":"idea.approved","id":12}',
      is_global_broadcast: false,
    });
    expect(response.headers.get('ratelimit-limit')).to.equal('100');
    expect(response.headers.get('ratelimit-remaining')).to.equal('99');
  });

  it('refuses a JWT of another secret, an expired one, another role, channel or target, and a wrong Client-Id', async () => {
    const other = Buffer.alloc(32, 7).toString('base64');
    const cases: [Promise<Response>, RegExp][] = [
      [
        send(
          broadcast('x'),
          await externalJwt(
            twitch,
            { channel_id: streamer.id, pubsub_perms: { send: ['broadcast'] } },
            { secret: other },
          ),
        ),
        /not valid/,
      ],
      [
        send(
          broadcast('x'),
          await externalJwt(
            twitch,
            { channel_id: streamer.id, pubsub_perms: { send: ['broadcast'] } },
            { expiresIn: -10 },
          ),
        ),
        /expired/,
      ],
      [
        send(
          broadcast('x'),
          await externalJwt(twitch, {
            role: 'broadcaster',
            channel_id: streamer.id,
            pubsub_perms: { send: ['broadcast'] },
          }),
        ),
        /role/,
      ],
      [
        send(broadcast('x'), await externalJwt(twitch, { channel_id: '1', pubsub_perms: { send: ['broadcast'] } })),
        /channel_id/,
      ],
      [
        send(
          broadcast('x'),
          await externalJwt(twitch, { channel_id: streamer.id, pubsub_perms: { send: ['global'] } }),
        ),
        /pubsub_perms/,
      ],
      [send(broadcast('x'), await permitted(), twitch.clientId), /Client-Id/],
    ];
    for (const [response, message] of cases) {
      const answered = await response;
      expect(answered.status).to.equal(401);
      expect(((await answered.json()) as { message: string }).message).to.match(message);
    }
  });

  it('refuses a message over 5 KB', async () => {
    const response = await send(broadcast('x'.repeat(5 * 1024 + 1)), await permitted());
    expect(response.status).to.equal(422);
    expect((await send(broadcast('x'.repeat(5 * 1024)), await permitted())).status).to.equal(204);
  });

  it('allows 100 messages a minute per channel, then 429 until the minute has passed', async () => {
    clock.advance(61_000);
    const jwt = await permitted();
    for (let sent = 0; sent < 100; sent += 1) {
      expect((await send(broadcast(`progress ${sent}`), jwt)).status).to.equal(204);
    }
    const refused = await send(broadcast('one too many'), jwt);
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('ratelimit-remaining')).to.equal('0');
    expect(Number(refused.headers.get('ratelimit-reset')) * 1000).to.be.greaterThan(clock.now());
    clock.advance(60_001);
    expect((await send(broadcast('a new minute'), await permitted())).status).to.equal(204);
  });
});
