import { html, type FakeResponse } from '../http/http';

interface IndexModel {
  url: string;
  chat_url: string;
  app: { client_id: string; name: string };
  users: { login: string; display_name: string; broadcaster_type: string; rewards: { title: string }[] }[];
  eventsub_subscriptions: { type: string; status: string }[];
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (value: string) => value.replace(/[&<>"]/g, (char) => escapes[char] ?? char);

/** `GET /`: what this fake Twitch holds and how to drive it, for a person who opens it in a browser. */
export function renderIndexPage(model: IndexModel): FakeResponse {
  const users = model.users
    .map(
      (user) =>
        `<tr><td>${escapeHtml(user.display_name)}</td><td>${escapeHtml(user.login)}</td><td>${escapeHtml(user.broadcaster_type || 'none')}</td><td>${user.rewards.map((reward) => escapeHtml(reward.title)).join(', ')}</td></tr>`,
    )
    .join('');
  const subscriptions = model.eventsub_subscriptions
    .map((subscription) => `<li>${escapeHtml(subscription.type)}: ${escapeHtml(subscription.status)}</li>`)
    .join('');
  return html(
    200,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Simulated Twitch</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;background:#0e0e10;color:#efeff1}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #3a3a3d;padding:4px 8px;text-align:left}code{background:#18181b;padding:2px 4px}</style></head>
<body><h1>Simulated Twitch</h1>
<p>OAuth <code>${escapeHtml(model.url)}/auth</code>, Helix <code>${escapeHtml(model.url)}/mock</code>, chat <code>${escapeHtml(model.chat_url)}</code>, app <code>${escapeHtml(model.app.name)}</code> (<code>${escapeHtml(model.app.client_id)}</code>).</p>
<h2>Accounts</h2><table><thead><tr><th>Name</th><th>Login</th><th>Channel points</th><th>Custom rewards</th></tr></thead><tbody>${users}</tbody></table>
<h2>EventSub subscriptions</h2><ul>${subscriptions || '<li>none yet</li>'}</ul>
<h2>Drive it</h2>
<pre><code>npm run twitch:fake -- redeem --channel neonfox --viewer pixelpal --text "a cat"
npm run twitch:fake -- chat --channel neonfox --viewer starling --text "!aura idea a cat"</code></pre>
<p>Control API: <code>GET /_fake/state</code>, <code>POST /_fake/redemptions</code>, <code>POST /_fake/chat/messages</code>, … (fake-twitch/README.md).</p>
</body></html>`,
  );
}
