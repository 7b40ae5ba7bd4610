import { expect } from 'chai';
import { ManualClock, startFakeTwitch, type FakeTwitch, type FakeTwitchUser } from '@aurastream/fake-twitch';
import { RawIrcClient } from './irc-client';
import { pollUntil } from './support';

describe('fake Twitch chat: the IRC protocol and Twitch chat limits', () => {
  let twitch: FakeTwitch;
  let clock: ManualClock;
  let streamer: FakeTwitchUser;
  let moderator: FakeTwitchUser;
  let viewer: FakeTwitchUser;
  const clients: RawIrcClient[] = [];
  const tokenOf = (user: FakeTwitchUser, scopes = ['chat:read', 'chat:edit']) =>
    twitch.issueUserToken(user.id, scopes).accessToken;
  const signIn = async (user: FakeTwitchUser) => {
    const client = await RawIrcClient.signIn(twitch.chat.url, user.login, tokenOf(user));
    clients.push(client);
    return client;
  };

  before(async () => {
    clock = new ManualClock();
    twitch = await startFakeTwitch({ clock });
    streamer = twitch.addUser({ login: 'neonfox', display_name: 'NeonFox' });
    moderator = twitch.addUser({ login: 'pixelpal', display_name: 'PixelPal', broadcaster_type: '' });
    viewer = twitch.addUser({ login: 'lurkerlou', display_name: 'LurkerLou', broadcaster_type: '' });
    twitch.setModerator(streamer.id, moderator.id);
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  after(async () => {
    await twitch.stop();
  });

  it('negotiates Twitch capabilities and refuses others', async () => {
    const client = await RawIrcClient.connect(twitch.chat.url);
    clients.push(client);
    client.send('CAP LS 302');
    client.send('CAP REQ :twitch.tv/tags twitch.tv/commands');
    client.send('CAP REQ :sasl');
    await client.waitFor((line) => line.includes('NAK'));
    expect(client.lines).to.deep.equal([
      ':tmi.twitch.tv CAP * LS :twitch.tv/tags twitch.tv/commands twitch.tv/membership',
      ':tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands',
      ':tmi.twitch.tv CAP * NAK :sasl',
    ]);
  });

  it('welcomes a user whose token has chat:read, with GLOBALUSERSTATE', async () => {
    const client = await signIn(viewer);
    expect(client.lines).to.include(':tmi.twitch.tv 001 lurkerlou :Welcome, GLHF!');
    const state = await client.waitFor((line) => line.includes('GLOBALUSERSTATE'));
    expect(state).to.match(new RegExp(`^@.*user-id=${viewer.id}.* :tmi.twitch.tv GLOBALUSERSTATE$`));
    expect(state).to.include('display-name=LurkerLou');
  });

  it('refuses an unknown token, a token without chat:read and a password without oauth:', async () => {
    for (const password of ['oauth:nope', `oauth:${tokenOf(viewer, ['user:read:email'])}`, tokenOf(viewer)]) {
      const client = await RawIrcClient.connect(twitch.chat.url);
      clients.push(client);
      client.send(`PASS ${password}`);
      client.send('NICK lurkerlou');
      const notice = await client.waitFor((line) => line.includes('NOTICE'));
      expect(notice).to.match(/NOTICE \* :(Login authentication failed|Improperly formatted auth)$/);
      await pollUntil(async () => client.closed, Boolean, { what: 'the connection to close' });
    }
  });

  it('answers JOIN with JOIN, NAMES, USERSTATE (badges) and ROOMSTATE, and PING with PONG', async () => {
    const client = await signIn(moderator);
    client.send('JOIN #neonfox');
    const roomState = await client.waitFor((line) => line.includes('ROOMSTATE'));
    expect(roomState).to.match(
      /^@emote-only=0;followers-only=-1;r9k=0;room-id=\d+;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #neonfox$/,
    );
    const joinedAt = client.lines.findIndex(
      (line) => line === ':pixelpal!pixelpal@pixelpal.tmi.twitch.tv JOIN #neonfox',
    );
    expect(joinedAt).to.be.greaterThan(-1);
    const userState = client.lines.find((line) => line.includes('USERSTATE #neonfox'));
    expect(userState).to.include('badges=moderator/1').and.include('mod=1').and.include('user-type=mod');
    client.send('PING :keepalive');
    expect(await client.waitFor((line) => line.includes('PONG'))).to.equal(
      ':tmi.twitch.tv PONG tmi.twitch.tv :keepalive',
    );
  });

  it('tells a client that joins a channel that does not exist', async () => {
    const client = await signIn(viewer);
    client.send('JOIN #nobodyhere');
    expect(await client.waitFor((line) => line.includes('NOTICE'))).to.equal(
      '@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #nobodyhere :This channel does not exist or has been suspended.',
    );
  });

  it("delivers a message with Twitch's tags to the others in the channel, and shows JOINs with twitch.tv/membership", async () => {
    const listener = await signIn(viewer);
    listener.send('JOIN #neonfox');
    await listener.waitFor((line) => line.includes('ROOMSTATE'));
    const speaker = await signIn(moderator);
    speaker.send('JOIN #neonfox');
    await listener.waitFor((line) => line === ':pixelpal!pixelpal@pixelpal.tmi.twitch.tv JOIN #neonfox');
    speaker.send('PRIVMSG #neonfox :hello chat');
    const line = await listener.waitFor((candidate) => candidate.includes('PRIVMSG'));
    expect(line).to.match(/ :pixelpal!pixelpal@pixelpal\.tmi\.twitch\.tv PRIVMSG #neonfox :hello chat$/);
    for (const tag of [
      'badges=moderator/1',
      'display-name=PixelPal',
      `user-id=${moderator.id}`,
      `room-id=${streamer.id}`,
      'mod=1',
    ]) {
      expect(line).to.include(tag);
    }
    expect(line)
      .to.match(/;id=[0-9a-f-]{36};/)
      .and.match(/tmi-sent-ts=\d{13}/);
    // the sender gets its USERSTATE (with the message id), not an echo
    await speaker.waitFor((candidate) => /USERSTATE #neonfox/.test(candidate) && /;id=[0-9a-f-]{36}/.test(candidate));
    expect(speaker.lines.some((candidate) => candidate.includes('PRIVMSG'))).to.equal(false);
  });

  it('drops JOINs beyond 20 in 10 seconds per account', async () => {
    clock.advance(60_000);
    const names = Array.from({ length: 21 }, (_, index) => `joiner${index}`);
    names.forEach((login) => twitch.addUser({ login, broadcaster_type: '' }));
    const client = await signIn(viewer);
    client.send(`JOIN ${names.map((login) => `#${login}`).join(',')}`);
    await client.waitFor((line) => line.includes('ROOMSTATE #joiner19'));
    await pollUntil(async () => twitch.chat.connections().find((c) => c.droppedJoins > 0), Boolean);
    expect(client.lines.filter((line) => line.includes('ROOMSTATE'))).to.have.length(20);
    clock.advance(10_001);
    client.send('JOIN #joiner20');
    await client.waitFor((line) => line.includes('ROOMSTATE #joiner20'));
  });

  it('refuses a viewer more than 20 messages in 30 seconds, one a second per channel, and repeats', async () => {
    clock.advance(60_000);
    const client = await signIn(viewer);
    client.send('PRIVMSG #neonfox :first');
    client.send('PRIVMSG #neonfox :second, too soon');
    expect(await client.waitFor((line) => line.includes('NOTICE'))).to.equal(
      '@msg-id=msg_ratelimit :tmi.twitch.tv NOTICE #neonfox :Your message was not sent because you are sending messages too quickly.',
    );
    clock.advance(1001);
    client.send('PRIVMSG #neonfox :first');
    await client.waitFor((line) => line.includes('msg_duplicate'));
    for (let sent = 1; sent < 20; sent += 1) {
      clock.advance(1001);
      client.send(`PRIVMSG #neonfox :message ${sent}`);
      await client.settle();
    }
    clock.advance(1001);
    client.send('PRIVMSG #neonfox :one too many');
    await client.settle();
    const log = twitch.chat.messages({ user: 'lurkerlou' });
    expect(log.filter((entry) => entry.sent)).to.have.length(20);
    expect(log.map((entry) => entry.drop_reason).filter(Boolean)).to.deep.equal([
      'msg_ratelimit',
      'msg_duplicate',
      'msg_ratelimit',
    ]);
  });

  it('allows the broadcaster and moderators 100 messages in 30 seconds, back to back', async () => {
    clock.advance(60_000);
    const client = await signIn(moderator);
    for (let sent = 0; sent < 101; sent += 1) {
      client.send(`PRIVMSG #neonfox :same again`);
    }
    await client.waitFor((line) => line.includes('msg_ratelimit'));
    const log = twitch.chat.messages({ user: 'pixelpal' }).filter((entry) => entry.text === 'same again');
    expect(log.filter((entry) => entry.sent)).to.have.length(100);
  });

  it('refuses a message over 500 characters and lets a guest read without sending', async () => {
    clock.advance(60_000);
    const client = await signIn(viewer);
    client.send(`PRIVMSG #neonfox :${'x'.repeat(501)}`);
    expect(await client.waitFor((line) => line.includes('NOTICE'))).to.include('msg-id=msg_too_long');
    const guest = await RawIrcClient.connect(twitch.chat.url);
    clients.push(guest);
    guest.send('NICK justinfan12345');
    guest.send('JOIN #neonfox');
    await guest.waitFor((line) => line.includes('JOIN #neonfox'));
    guest.send('PRIVMSG #neonfox :can I talk?');
    clock.advance(2000);
    await twitch.chat.say({ channel: 'neonfox', viewer: 'pixelpal', text: 'guests only read' });
    await guest.waitFor((line) => line.endsWith(':guests only read'));
    expect(twitch.chat.messages({ user: 'justinfan12345' })).to.deep.equal([]);
  });

  it('asks a client to reconnect (RECONNECT) before closing, for maintenance tests', async () => {
    const client = await signIn(viewer);
    expect(twitch.chat.disconnect({ login: 'lurkerlou', mode: 'reconnect' })).to.equal(1);
    await client.waitFor((line) => line === ':tmi.twitch.tv RECONNECT');
    await pollUntil(async () => client.closed, Boolean);
  });
});
