import type { EmailSender } from '../email';

/** The account e-mails: what they say and where their links lead. */
export class AuthEmails {
  constructor(
    private readonly sender: EmailSender,
    private readonly publicUrl: string,
  ) {}

  /** The link is the API endpoint itself, which redirects a browser on to the dashboard. */
  verificationLink(token: string): string {
    return `${this.publicUrl}/api/v1/auth/email/verify/${encodeURIComponent(token)}`;
  }

  /** Like verification, the API endpoint itself, which redirects a browser on to the dashboard. */
  loginUnlockLink(token: string): string {
    return `${this.publicUrl}/api/v1/auth/login/unlock/${encodeURIComponent(token)}`;
  }

  /** The dashboard's form, which posts the token with the new password. */
  passwordResetLink(token: string): string {
    return `${this.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  }

  async sendVerification(to: { email: string; display_name: string }, token: string): Promise<void> {
    await this.sender.send({
      to: to.email,
      subject: 'Verify your AuraStream e-mail address',
      text: [
        `Hi ${to.display_name},`,
        '',
        'Please confirm that this is your e-mail address by opening this link:',
        '',
        this.verificationLink(token),
        '',
        'The link works once and expires in 24 hours.',
        'If you did not create an AuraStream account, you can ignore this message.',
        '',
        '— AuraStream',
      ].join('\n'),
    });
  }

  async sendPasswordReset(to: { email: string; display_name: string }, token: string): Promise<void> {
    await this.sender.send({
      to: to.email,
      subject: 'Reset your AuraStream password',
      text: [
        `Hi ${to.display_name},`,
        '',
        'Someone (hopefully you) asked to reset the password of your AuraStream account.',
        'Choose a new password here:',
        '',
        this.passwordResetLink(token),
        '',
        'The link works once and expires in 1 hour. Setting a new password signs you out everywhere.',
        'If you did not ask for this, ignore this message: your password stays as it is.',
        '',
        '— AuraStream',
      ].join('\n'),
    });
  }

  async sendPasswordChanged(to: { email: string; display_name: string }): Promise<void> {
    await this.sender.send({
      to: to.email,
      subject: 'Your AuraStream password was changed',
      text: [
        `Hi ${to.display_name},`,
        '',
        'The password of your AuraStream account was just changed, and every other session was signed out.',
        `If this was not you, reset your password at once: ${this.publicUrl}/forgot-password`,
        '',
        '— AuraStream',
      ].join('\n'),
    });
  }

  async sendLoginLocked(
    to: { email: string; display_name: string },
    token: string,
    lock: { client: string; lockSeconds: number; at: Date },
  ): Promise<void> {
    const minutes = Math.max(1, Math.round(lock.lockSeconds / 60));
    await this.sender.send({
      to: to.email,
      subject: 'Sign-in to your AuraStream account was locked',
      text: [
        `Hi ${to.display_name},`,
        '',
        `Someone typed a wrong password for your AuraStream account several times from ${lock.client} (${lock.at.toISOString()}),`,
        `so sign-in from there is locked for ${minutes} minute${minutes === 1 ? '' : 's'}. Sign-in from anywhere else still works.`,
        '',
        'If it was you, this link lifts the lock at once:',
        '',
        this.loginUnlockLink(token),
        '',
        'The link works once and expires in 1 hour.',
        'If it was not you, nobody got in: the password was wrong. If your password is one you use elsewhere,',
        `change it: ${this.publicUrl}/forgot-password`,
        '',
        '— AuraStream',
      ].join('\n'),
    });
  }
}
