import { expect } from 'chai';
import {
  DEFAULT_IDEA_SETTINGS,
  mayModerate,
  maySubmit,
  NO_BADGES,
  roleOf,
  skipsApproval,
  viewerKeyOf,
} from './idea-rules';

describe('idea rules', () => {
  it('reads the highest role from the badges', () => {
    expect(roleOf({ ...NO_BADGES, subscriber: true, vip: true })).to.equal('vip');
    expect(roleOf({ ...NO_BADGES, moderator: true, subscriber: true })).to.equal('moderator');
    expect(roleOf(NO_BADGES)).to.equal('viewer');
  });

  it('keys a viewer by Twitch user id, else by opaque id', () => {
    expect(viewerKeyOf({ twitchUserId: '42', opaqueId: 'U42' })).to.equal('u:42');
    expect(viewerKeyOf({ twitchUserId: null, opaqueId: 'Aanon' })).to.equal('o:Aanon');
    expect(viewerKeyOf({ twitchUserId: null, opaqueId: null })).to.equal(null);
  });

  it('lets in viewers at or above the minimum role', () => {
    expect(maySubmit({ submitters: 'everyone' }, 'viewer')).to.equal(true);
    expect(maySubmit({ submitters: 'subscribers' }, 'viewer')).to.equal(false);
    expect(maySubmit({ submitters: 'subscribers' }, 'vip')).to.equal(true);
    expect(maySubmit({ submitters: 'vips' }, 'subscriber')).to.equal(false);
    expect(maySubmit({ submitters: 'moderators' }, 'vip')).to.equal(false);
    expect(maySubmit({ submitters: 'moderators' }, 'broadcaster')).to.equal(true);
  });

  it('skips the queue only for the sources and roles the channel lists', () => {
    expect(skipsApproval(DEFAULT_IDEA_SETTINGS, 'channel_points', 'broadcaster')).to.equal(false);
    expect(
      skipsApproval({ auto_approve_sources: ['channel_points'], auto_approve_roles: [] }, 'channel_points', 'viewer'),
    ).to.equal(true);
    expect(skipsApproval({ auto_approve_sources: [], auto_approve_roles: ['vip'] }, 'chat', 'vip')).to.equal(true);
    expect(skipsApproval({ auto_approve_sources: [], auto_approve_roles: ['vip'] }, 'chat', 'subscriber')).to.equal(
      false,
    );
  });

  it('lets the broadcaster moderate always, and moderators as the channel allows', () => {
    const moderator = { twitchUserId: '7', badges: { ...NO_BADGES, moderator: true } };
    const broadcaster = { twitchUserId: '100', badges: NO_BADGES };
    expect(mayModerate({ moderators: 'none', moderator_twitch_user_ids: [] }, '100', broadcaster)).to.equal(true);
    expect(mayModerate({ moderators: 'all', moderator_twitch_user_ids: [] }, '100', moderator)).to.equal(true);
    expect(mayModerate({ moderators: 'none', moderator_twitch_user_ids: [] }, '100', moderator)).to.equal(false);
    expect(mayModerate({ moderators: 'listed', moderator_twitch_user_ids: ['8'] }, '100', moderator)).to.equal(false);
    expect(mayModerate({ moderators: 'listed', moderator_twitch_user_ids: ['7'] }, '100', moderator)).to.equal(true);
    expect(
      mayModerate({ moderators: 'all', moderator_twitch_user_ids: [] }, '100', {
        twitchUserId: '9',
        badges: NO_BADGES,
      }),
    ).to.equal(false);
  });
});
