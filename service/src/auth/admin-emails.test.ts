import { expect } from 'chai';
import { AdminEmails } from './admin-emails';

describe('ADMIN_EMAILS', () => {
  const admins = new AdminEmails(['Boss@Example.test', 'ops@example.test']);
  const account = (fields: {
    email?: string;
    email_verified?: boolean;
    role?: 'user' | 'admin';
    admin_email_grant?: string | null;
  }) => ({
    email: 'boss@example.test',
    email_verified: true,
    role: 'user' as const,
    admin_email_grant: null,
    ...fields,
  });

  it('gives the role to a listed address only once it is verified', () => {
    expect(admins.changeFor(account({ email_verified: false }))).to.equal(null);
    expect(admins.changeFor(account({}))).to.deep.equal({ to: 'admin', reason: 'verified_listed_address' });
    expect(admins.changeFor(account({ email: 'someone@example.test' }))).to.equal(null);
  });

  it('keeps the role it gave while the address is the account’s, verified and listed', () => {
    expect(admins.changeFor(account({ role: 'admin', admin_email_grant: 'boss@example.test' }))).to.equal(null);
  });

  it('takes the role back when the address changes, is no longer listed, or is not verified', () => {
    expect(
      admins.changeFor(account({ email: 'new@example.test', role: 'admin', admin_email_grant: 'boss@example.test' })),
    ).to.deep.equal({ to: 'user', reason: 'address_changed' });
    expect(
      new AdminEmails(['ops@example.test']).changeFor(
        account({ role: 'admin', admin_email_grant: 'boss@example.test' }),
      ),
    ).to.deep.equal({ to: 'user', reason: 'address_not_listed' });
    expect(admins.changeFor(account({ role: 'admin', email_verified: false }))).to.deep.equal({
      to: 'user',
      reason: 'address_not_verified',
    });
  });

  it('leaves an administrator appointed by another alone', () => {
    expect(admins.changeFor(account({ email: 'appointed@example.test', role: 'admin' }))).to.equal(null);
    expect(new AdminEmails([]).changeFor(account({ role: 'admin' }))).to.equal(null);
  });
});
