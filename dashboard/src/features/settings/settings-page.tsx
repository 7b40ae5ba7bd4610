import { useEffect, useState } from 'preact/hooks';
import { DISPLAY_NAME_MAX_LENGTH } from '@aurastream/contract';
import { api } from '../../api/client';
import { adoptLogin, setUser, useUser } from '../../api/session';
import { useLocation } from '../../lib/router';
import { formatDate, formatNumber, tierName } from '../../lib/format';
import { preferences, updatePreferences } from '../../lib/preferences';
import { useStore } from '../../lib/store';
import { track } from '../../lib/analytics';
import { PageHeader, Card } from '../../ui/page';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { newPasswordRules, rules, useValidation } from '../../ui/validation';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';
import { PlanChange, PlanTable } from '../upgrade/plans';
import { PasswordField } from '../auth/password-field';
import { DeleteAccount } from './delete-account';
import { TwitchConnectionSection } from './twitch-connection';
import { PanelSection } from './panel-section';

function ProfileSection() {
  const user = useUser();
  const [name, setName] = useState(user.displayName);
  const [avatar, setAvatar] = useState(user.avatarUrl ?? '');
  const [busy, setBusy] = useState(false);
  const nameCheck = useValidation(name, [
    rules.required('Your name'),
    rules.maxLength(DISPLAY_NAME_MAX_LENGTH, 'Your name'),
  ]);
  const avatarCheck = useValidation(avatar, [
    (value) => (value === '' || /^https?:\/\/\S+$/.test(value) ? null : 'Use an http(s) image URL'),
  ]);
  const changed = name.trim() !== user.displayName || (avatar.trim() || null) !== user.avatarUrl;
  const save = async (event: Event) => {
    event.preventDefault();
    if (!nameCheck.isValid || !avatarCheck.isValid) {
      return;
    }
    setBusy(true);
    try {
      setUser(await api.auth.updateMe({ body: { displayName: name.trim(), avatarUrl: avatar.trim() || null } }));
      notify('success', 'Profile saved');
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Profile">
      <form class="stack" onSubmit={(event) => void save(event)} noValidate>
        <div class="form-grid">
          <TextField
            label="Streamer name"
            value={name}
            onValue={setName}
            status={nameCheck.status}
            message={nameCheck.message}
            maxLength={50}
          />
          <TextField
            label="Avatar URL"
            value={avatar}
            onValue={setAvatar}
            status={avatarCheck.status}
            message={avatarCheck.message}
            placeholder="https://…"
            optional
            type="url"
          />
        </div>
        <p class="muted small">
          Signed in as <strong>{user.email}</strong> {user.emailVerified ? '· verified' : '· not verified yet'} · member
          since {formatDate(user.createdAt)}
        </p>
        <div class="form-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={!changed}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordSection() {
  const user = useUser();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const nextCheck = useValidation(
    next,
    [
      ...newPasswordRules('Your new password'),
      rules.notEqual(() => user.email, 'Choose a password that isn’t your e-mail address'),
    ],
    { force: submitted },
  );
  const save = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (!current || !nextCheck.isValid) {
      return;
    }
    setBusy(true);
    try {
      adoptLogin(await api.auth.changePassword({ body: { currentPassword: current, newPassword: next } }));
      track('password_changed', 'user_action');
      notify('success', 'Password changed. Every other device was signed out.');
      setCurrent('');
      setNext('');
      setSubmitted(false);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Password">
      <form class="stack" onSubmit={(event) => void save(event)} noValidate>
        <div class="form-grid">
          <PasswordField
            label="Current password"
            value={current}
            onValue={setCurrent}
            autocomplete="current-password"
            status={submitted && !current ? 'invalid' : 'idle'}
            message="Enter your current password"
          />
          <PasswordField
            label="New password"
            value={next}
            onValue={setNext}
            autocomplete="new-password"
            meter
            status={nextCheck.status}
            message={nextCheck.message}
          />
        </div>
        <div class="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PreferencesSection() {
  const user = useUser();
  const prefs = useStore(preferences);
  return (
    <Card title="Preferences">
      <div class="stack">
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={prefs.celebrationSound}
            onChange={(event) => updatePreferences({ celebrationSound: event.currentTarget.checked })}
          />
          <span class="switch-track" aria-hidden="true" />
          <span>Play a sound when I reach a milestone</span>
        </label>
        <div>
          <Button
            size="sm"
            icon="refresh"
            onClick={() => updatePreferences({ onboardedUsers: prefs.onboardedUsers.filter((id) => id !== user.id) })}
          >
            Replay the welcome tour
          </Button>
        </div>
      </div>
    </Card>
  );
}

export function SettingsPage() {
  const user = useUser();
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) {
      requestAnimationFrame(() => document.getElementById(hash)?.scrollIntoView({ behavior: 'smooth' }));
    }
  }, [hash]);
  return (
    <div class="page page-narrow">
      <PageHeader title="Settings" description="Your profile, plan, connections and security." />
      <div class="stack-lg">
        <ProfileSection />
        <section id="plan" class="card">
          <header class="card-header">
            <h2 class="card-title">Plan</h2>
            <span class={`tier-pill tier-${user.subscriptionTier}`}>{tierName(user.subscriptionTier)}</span>
          </header>
          <p class="muted">
            {formatNumber(user.assetsGeneratedThisMonth)} {user.assetsGeneratedThisMonth === 1 ? 'design' : 'designs'}{' '}
            generated this month.
          </p>
          <PlanTable current={user.subscriptionTier} />
          <PlanChange />
        </section>
        <TwitchConnectionSection />
        <PanelSection />
        <PasswordSection />
        <PreferencesSection />
        <DeleteAccount />
      </div>
    </div>
  );
}
