import type { FakeTwitchUser } from '../world/types';
import { describeScope } from './scopes';

export interface AuthorizePageModel {
  appName: string;
  requestId: string;
  scopes: string[];
  users: FakeTwitchUser[];
  /** The account the browser last signed in as (preselected). */
  selectedUserId: string | null;
  error: string | null;
  /** What was typed in the "new account" fields, kept after an error. */
  newLogin: string;
  newKind: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

function kindOf(user: FakeTwitchUser): string {
  return user.broadcaster_type === 'partner'
    ? 'Partner'
    : user.broadcaster_type === 'affiliate'
      ? 'Affiliate'
      : 'Viewer (no channel points)';
}

const style = `
  :root { color-scheme: dark; font-family: Inter, system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #0e0e10; color: #efeff1; }
  main { width: min(440px, calc(100vw - 32px)); background: #18181b; border-radius: 8px; padding: 24px 28px; box-shadow: 0 8px 32px #0008; }
  h1 { font-size: 1.25rem; margin: 0 0 4px; }
  .badge { display: inline-block; font-size: .75rem; background: #9147ff; color: #fff; border-radius: 4px; padding: 2px 6px; }
  p, li { color: #adadb8; line-height: 1.4; }
  fieldset { border: 1px solid #3a3a3d; border-radius: 6px; margin: 16px 0; padding: 8px 12px; }
  legend { padding: 0 4px; color: #efeff1; }
  label { display: flex; gap: 8px; align-items: center; padding: 4px 0; }
  .kind { color: #adadb8; font-size: .85rem; }
  input[type=text], select { background: #0e0e10; color: #efeff1; border: 1px solid #53535f; border-radius: 4px; padding: 6px 8px; }
  .error { background: #3b0f12; color: #ffb3b8; border-radius: 4px; padding: 8px 12px; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 16px; }
  button { font: inherit; border: 0; border-radius: 4px; padding: 8px 16px; cursor: pointer; }
  button[value=authorize] { background: #9147ff; color: #fff; }
  button[value=cancel] { background: #3a3a3d; color: #efeff1; }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #bf94ff; outline-offset: 2px; }
`;

/** Twitch's consent page, simulated: pick (or create) the fake account to sign in as, then approve. */
export function renderAuthorizePage(model: AuthorizePageModel): string {
  const selected = model.selectedUserId ?? (model.newLogin ? 'new' : (model.users[0]?.id ?? 'new'));
  const accounts = model.users
    .map(
      (user) => `
      <label><input type="radio" name="account" value="${escapeHtml(user.id)}"${user.id === selected ? ' checked' : ''}>
        <span>${escapeHtml(user.display_name)} <span class="kind">@${escapeHtml(user.login)} · ${kindOf(user)}</span></span></label>`,
    )
    .join('');
  const kinds = [
    ['affiliate', 'Streamer (affiliate: channel points)'],
    ['partner', 'Streamer (partner)'],
    ['viewer', 'Viewer, or a streamer without channel points'],
  ]
    .map(
      ([value, label]) =>
        `<option value="${value}"${value === (model.newKind || 'affiliate') ? ' selected' : ''}>${label}</option>`,
    )
    .join('');
  const scopes = model.scopes.length
    ? `<ul>${model.scopes.map((scope) => `<li>${escapeHtml(describeScope(scope))} <span class="kind">(${escapeHtml(scope)})</span></li>`).join('')}</ul>`
    : '<p>Sign in with your account (no extra permissions).</p>';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Authorize ${escapeHtml(model.appName)} · Simulated Twitch</title>
  <style>${style}</style>
</head>
<body>
<main>
  <span class="badge">Simulated Twitch</span>
  <h1>${escapeHtml(model.appName)} wants to access your account</h1>
  ${model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : ''}
  <form method="post" action="authorize">
    <input type="hidden" name="request" value="${escapeHtml(model.requestId)}">
    <fieldset>
      <legend>Sign in as</legend>
      ${accounts}
      <label><input type="radio" name="account" value="new"${selected === 'new' ? ' checked' : ''}> <span>A new account</span></label>
      <label>Login <input type="text" name="login" value="${escapeHtml(model.newLogin)}" pattern="[A-Za-z0-9_]{3,25}" autocomplete="off" aria-label="Login of the new account"></label>
      <label>Kind <select name="kind" aria-label="Kind of the new account">${kinds}</select></label>
    </fieldset>
    <p>This will allow ${escapeHtml(model.appName)} to:</p>
    ${scopes}
    <div class="actions">
      <button type="submit" name="decision" value="cancel">Cancel</button>
      <button type="submit" name="decision" value="authorize">Authorize</button>
    </div>
  </form>
</main>
</body>
</html>`;
}
