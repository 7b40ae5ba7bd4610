import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import type { LoginResponse } from '@aurastream/contract';
import { startFakeTwitch, type FakeTwitch } from '@aurastream/fake-twitch';
import { call, errorOf } from './support/http';
import { testPassword } from './support/accounts';
import { tokenOf, waitForEmail } from './support/outbox';
import { signInWithTwitch } from './support/twitch-sign-in';
import { auditRecordsOf, auditLogLinesOf } from './support/audit';
import { eventually } from '../support/eventually';

const adminAddress = (label: string) => `${label}-${randomUUID()}@example.test`;

async function signUp(app: TestService, email: string): Promise<void> {
  const response = await call(app, 'POST', '/api/v1/auth/signup', {
    body: { email, password: testPassword, display_name: 'Claimant' },
  });
  expect(response.status, await response.clone().text()).to.equal(201);
}

async function logIn(app: TestService, email: string): Promise<LoginResponse> {
  const response = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password: testPassword } });
  expect(response.status, await response.clone().text()).to.equal(200);
  return (await response.json()) as LoginResponse;
}

async function followVerificationLink(app: TestService, email: string): Promise<void> {
  const mail = await waitForEmail(app, email.toLowerCase(), /verify/i);
  const link = mail.links.find((candidate) => candidate.includes('/email/verify/')) as string;
  const response = await call(app, 'GET', `/api/v1/auth/email/verify/${tokenOf(link)}`);
  expect(response.status, await response.clone().text()).to.equal(200);
}

describe('ADMIN_EMAILS: the admin role for configured addresses', () => {
  let twitch: FakeTwitch;
  let app: TestService;
  const squatted = adminAddress('admin');
  const verifiedLater = adminAddress('boss');
  const resetLater = adminAddress('chief');
  const twitchVerified = adminAddress('twitch-boss');
  const twitchLinked = adminAddress('linked-boss');
  const unverified = adminAddress('unconfirmed');
  const listedAddresses = [squatted, verifiedLater, resetLater, twitchVerified, twitchLinked, unverified];

  before(async () => {
    twitch = await startFakeTwitch();
    app = await startTestService(
      { ...twitch.serviceEnv, ADMIN_EMAILS: listedAddresses.join(', '), LOG_LEVEL: 'info' },
      { captureLogs: true },
    );
  });
  after(async () => {
    await app?.stop();
    await twitch?.stop();
  });

  it('is not given to whoever signs up first with the address (the review’s reproduction)', async () => {
    const victim = await app.createUser();
    // the address as the review typed it, in another case
    const typed = squatted.replace(/^admin/, 'Admin').replace('example.test', 'Example.test');
    await signUp(app, typed);
    const session = await logIn(app, typed);
    expect(session.user).to.include({ email: squatted, email_verified: false, role: 'user' });

    const list = await call(app, 'GET', '/api/v1/admin/users', { accessToken: session.access_token });
    expect(list.status).to.equal(403);
    expect((await errorOf(list)).code).to.equal('admin_only');
    const promote = await call(app, 'PUT', `/api/v1/admin/users/${victim.user.id}`, {
      accessToken: session.access_token,
      body: { role: 'admin' },
    });
    expect(promote.status).to.equal(403);
    expect((await app.service.container.users.findById(victim.user.id))?.role).to.equal('user');
    expect(await auditRecordsOf(app, session.user.id)).to.deep.equal([]);
  });

  it('is given once the address is verified through the e-mailed link, and the grant is audited', async () => {
    await signUp(app, verifiedLater);
    const before = await logIn(app, verifiedLater);
    expect(before.user.role).to.equal('user');

    await followVerificationLink(app, verifiedLater);

    // applies to the session already open
    const list = await call(app, 'GET', '/api/v1/admin/users', { accessToken: before.access_token });
    expect(list.status).to.equal(200);
    const records = await auditRecordsOf(app, before.user.id);
    expect(records).to.have.length(1);
    expect(records[0]).to.include({
      action: 'user.role_changed',
      subject_user_id: before.user.id,
      subject_email: verifiedLater,
      role_before: 'user',
      role_after: 'admin',
      actor_type: 'admin_emails',
      actor_id: null,
      reason: 'verified_listed_address',
    });
    expect(records[0]?.created_at).to.be.instanceOf(Date);
    const lines = auditLogLinesOf(app, before.user.id);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.deep.include({ level: 30 });
    expect(lines[0]?.audit).to.include({ action: 'user.role_changed', role_before: 'user', role_after: 'admin' });
  });

  it('is given after a password reset, whose link proves the address', async () => {
    await signUp(app, resetLater);
    await call(app, 'POST', '/api/v1/auth/password-reset/request', { body: { email: resetLater } });
    const mail = await waitForEmail(app, resetLater, /reset/i);
    const confirm = await call(app, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: tokenOf(mail.links[0] as string), new_password: `${testPassword}-new` },
    });
    expect(confirm.status, await confirm.clone().text()).to.equal(200);
    const response = await call(app, 'POST', '/api/v1/auth/login', {
      body: { email: resetLater, password: `${testPassword}-new` },
    });
    const session = (await response.json()) as LoginResponse;
    expect(session.user).to.include({ email_verified: true, role: 'admin' });
    expect((await auditRecordsOf(app, session.user.id)).map((record) => record.reason)).to.deep.equal([
      'verified_listed_address',
    ]);
  });

  it('is given to a new account from Twitch when Twitch vouches for the address', async () => {
    twitch.addUser({ login: `boss${randomBytes(3).toString('hex')}`, email: twitchVerified });
    const { outcome, session } = await signInWithTwitch(app);
    expect(outcome.get('action'), outcome.toString()).to.equal('signed_up');
    expect(session?.user).to.include({ email: twitchVerified, email_verified: true, role: 'admin' });
    const records = await auditRecordsOf(app, session!.user.id);
    expect(records.map((record) => [record.role_after, record.actor_type])).to.deep.equal([['admin', 'admin_emails']]);
  });

  it('is not given to a Twitch account whose address Twitch has not verified', async () => {
    twitch.addUser({ login: `unconfirmed${randomBytes(3).toString('hex')}`, email: unverified, email_verified: false });
    const { outcome, session } = await signInWithTwitch(app);
    expect(outcome.get('status')).to.equal('error');
    expect(outcome.get('code')).to.equal('email_required');
    expect(session).to.equal(null);
    expect(await app.service.container.users.findByEmailForAuthentication(unverified)).to.equal(null);
  });

  it('is not given through a Twitch sign-in to an account whose own address is unverified', async () => {
    // someone signs up with the address, connects their own Twitch account, then signs in with Twitch
    await signUp(app, twitchLinked);
    const claimant = await logIn(app, twitchLinked);
    twitch.addUser({ login: `linked${randomBytes(3).toString('hex')}`, email: adminAddress('elsewhere') });
    const linked = await signInWithTwitch(app, { accessToken: claimant.access_token });
    expect(linked.outcome.get('action')).to.equal('linked');

    const { outcome, session } = await signInWithTwitch(app);
    expect(outcome.get('action'), outcome.toString()).to.equal('signed_in');
    expect(session?.user).to.include({ email: twitchLinked, email_verified: false, role: 'user' });
  });
});

describe('ADMIN_EMAILS: the role goes when the address no longer qualifies', () => {
  const deployment = () => {
    const unique = randomBytes(6).toString('hex');
    return {
      MONGODB_DB_NAME: `test_admins_${unique}`,
      REDIS_KEY_PREFIX: `test:admins-${unique}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
  };

  it('takes it away when the address is removed from ADMIN_EMAILS, and audits that', async () => {
    const shared = deployment();
    const listed = adminAddress('former');
    const first = await startTestService({ ...shared, ADMIN_EMAILS: listed });
    let second: TestService | null = null;
    try {
      const { user, accessToken } = await first.createUser({ email: listed });
      // a sign-in applies ADMIN_EMAILS; the factory's account has a verified address
      await first.service.container.users.update(user.id, {
        password_hash: await first.service.container.auth.hasher.hash(testPassword),
      });
      expect((await logIn(first, listed)).user.role).to.equal('admin');
      const assigned = await first.createUser({ role: 'admin' });

      second = await startTestService({ ...shared, ADMIN_EMAILS: '' });

      expect((await first.service.container.users.findById(user.id))?.role).to.equal('user');
      // the instance already running hears of it at once
      expect(
        await eventually(async () => (await call(first, 'GET', '/api/v1/admin/users', { accessToken })).status === 403),
      ).to.equal(true);
      const records = await auditRecordsOf(first, user.id);
      expect(records.map((record) => [record.role_before, record.role_after, record.reason])).to.deep.equal([
        ['user', 'admin', 'verified_listed_address'],
        ['admin', 'user', 'address_not_listed'],
      ]);
      // an administrator named by another administrator keeps the role
      expect((await first.service.container.users.findById(assigned.user.id))?.role).to.equal('admin');
    } finally {
      await second?.stop();
      await first.stop();
    }
  });

  it('takes it away from an account that got it with an unverified address before this check existed', async () => {
    const shared = deployment();
    const listed = adminAddress('squatter');
    const first = await startTestService({ ...shared, ADMIN_EMAILS: listed });
    let second: TestService | null = null;
    try {
      // as the unchecked sign-up left it: listed, unverified, admin
      const squatter = await first.service.container.users.create({
        email: listed,
        display_name: 'Squatter',
        password_hash: null,
        email_verified: false,
        role: 'admin',
      });
      second = await startTestService({ ...shared, ADMIN_EMAILS: listed });
      expect((await second.service.container.users.findById(squatter.id))?.role).to.equal('user');
      const records = await auditRecordsOf(second, squatter.id);
      expect(records.map((record) => [record.role_after, record.actor_type, record.reason])).to.deep.equal([
        ['user', 'admin_emails', 'address_not_verified'],
      ]);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
