import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@aurastream/service/testing';
import { ApiError } from '@aurastream/contract';
import { call, errorOf, invalidFields } from '../auth/support/http';
import { auditLogLinesOf, auditRecordsOf } from '../auth/support/audit';

describe('admin endpoints', () => {
  let app: TestService;
  let adminToken: string;
  let adminId: string;

  before(async () => {
    app = await startTestService({ LOG_LEVEL: 'info' }, { captureLogs: true });
    ({
      accessToken: adminToken,
      user: { id: adminId },
    } = await app.createUser({
      role: 'admin',
      email: `admin-${randomUUID()}@example.test`,
    }));
  });
  after(async () => {
    await app.stop();
  });

  describe('GET /api/v1/admin/users', () => {
    it('finds users by the beginning of their e-mail, case-insensitively', async () => {
      const prefix = `find-${randomUUID().slice(0, 8)}`;
      const second = await app.createUser({ email: `${prefix}-b@example.test` });
      const first = await app.createUser({ email: `${prefix}-a@example.test` });
      await app.createUser({ email: `other-${prefix}@example.test` });

      const found = await app.clientFor(adminToken).admin.listUsers({ query: { email: prefix.toUpperCase() } });
      expect(found.items.map((user) => user.id)).to.deep.equal([first.user.id, second.user.id]);
      expect(found.items[0]).to.include({ email: `${prefix}-a@example.test`, role: 'user', subscriptionTier: 'free' });
    });

    it('treats the e-mail as text, not a pattern', async () => {
      await app.createUser({ email: `dotty-${randomUUID()}@example.test` });
      const found = await app.clientFor(adminToken).admin.listUsers({ query: { email: '.*' } });
      expect(found.items).to.deep.equal([]);
    });

    it('answers 422 for a bad limit', async () => {
      const response = await call(app, 'GET', '/api/v1/admin/users?limit=1000', { accessToken: adminToken });
      expect(response.status).to.equal(422);
      expect(await invalidFields(response)).to.deep.equal(['limit']);
    });
  });

  describe('PUT /api/v1/admin/users/{id}', () => {
    it('sets the tier, which applies to the user at once', async () => {
      const { user, api } = await app.createUser();
      const updated = await app.clientFor(adminToken).admin.updateUser({
        params: { id: user.id },
        body: { subscriptionTier: 'studio' },
      });
      expect(updated).to.include({ id: user.id, subscriptionTier: 'studio', role: 'user' });
      expect((await api.auth.me()).subscriptionTier).to.equal('studio');
    });

    it('sets the role: a new admin can use the admin endpoints with the token they already have', async () => {
      const { user, api, accessToken } = await app.createUser();
      expect((await call(app, 'GET', '/api/v1/admin/users', { accessToken })).status).to.equal(403);
      await app.clientFor(adminToken).admin.updateUser({ params: { id: user.id }, body: { role: 'admin' } });
      expect((await api.admin.listUsers({ query: {} })).items.length).to.be.greaterThan(0);
    });

    it('audits every role change with the administrator who made it, and not a tier change', async () => {
      const { user } = await app.createUser();
      const admin = app.clientFor(adminToken).admin;
      await admin.updateUser({ params: { id: user.id }, body: { subscriptionTier: 'pro' } });
      await admin.updateUser({ params: { id: user.id }, body: { role: 'admin' } });
      // setting the role it already has changes nothing, so there is nothing to audit
      await admin.updateUser({ params: { id: user.id }, body: { role: 'admin' } });
      await admin.updateUser({ params: { id: user.id }, body: { role: 'user', subscriptionTier: 'free' } });

      const records = await auditRecordsOf(app, user.id);
      expect(records.map((record) => [record.role_before, record.role_after])).to.deep.equal([
        ['user', 'admin'],
        ['admin', 'user'],
      ]);
      for (const record of records) {
        expect(record).to.include({
          action: 'user.role_changed',
          actor_type: 'admin',
          actor_id: adminId,
          subject_email: user.email,
        });
      }
      const lines = auditLogLinesOf(app, user.id);
      expect(lines.map((line) => line.audit.role_after)).to.deep.equal(['admin', 'user']);
      expect(lines[0]?.audit).to.include({ actor_type: 'admin', actor_id: adminId });
    });

    it('answers 404 for an unknown user and 422 for bad input', async () => {
      const unknown = await call(app, 'PUT', `/api/v1/admin/users/${randomUUID()}`, {
        accessToken: adminToken,
        body: { role: 'admin' },
      });
      expect(unknown.status).to.equal(404);

      const { user } = await app.createUser();
      const badTier = await call(app, 'PUT', `/api/v1/admin/users/${user.id}`, {
        accessToken: adminToken,
        body: { subscription_tier: 'platinum' },
      });
      expect(badTier.status).to.equal(422);
      expect(await invalidFields(badTier)).to.deep.equal(['subscription_tier']);

      const empty = await call(app, 'PUT', `/api/v1/admin/users/${user.id}`, { accessToken: adminToken, body: {} });
      expect(empty.status).to.equal(422);

      const badId = await call(app, 'PUT', '/api/v1/admin/users/not-a-uuid', {
        accessToken: adminToken,
        body: { role: 'user' },
      });
      expect(badId.status).to.equal(422);
    });
  });

  it('are for administrators only', async () => {
    const { api, user } = await app.createUser();
    const error = (await api.admin
      .updateUser({ params: { id: user.id }, body: { subscriptionTier: 'studio' } })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).to.be.instanceOf(ApiError);
    expect(error.status).to.equal(403);
    expect(error.code).to.equal('admin_only');
    expect((await api.auth.me()).subscriptionTier).to.equal('free');

    const anonymous = await call(app, 'GET', '/api/v1/admin/users');
    expect(anonymous.status).to.equal(401);
    expect((await errorOf(anonymous)).code).to.equal('unauthorized');
  });
});
