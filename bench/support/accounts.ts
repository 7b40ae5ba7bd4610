/**
 * Accounts on a benchmarked service process: sign up, follow the verification e-mail from the
 * service's outbox, sign in; and connect the account's Twitch channel through a fake Twitch.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAuraStreamClient, type AuraStreamClient } from '@aurastream/contract';
import type { ServiceProcess } from './service-process';

/** Follows the verification link the service e-mailed (to its outbox) to `email`. */
async function verifyAddress(service: ServiceProcess, email: string): Promise<void> {
  const outbox = path.join(service.dataDir, 'outbox');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (const name of (await readdir(outbox).catch(() => [] as string[])).filter((file) => file.endsWith('.eml'))) {
      const mail = await readFile(path.join(outbox, name), 'utf8');
      const link = /https?:\/\/\S+\/api\/v1\/auth\/email\/verify\/\S+/.exec(mail)?.[0];
      if (link && mail.includes(email)) {
        const response = await fetch(`${service.url}${new URL(link).pathname}`);
        if (!response.ok) {
          throw new Error(`verifying ${email} failed: ${response.status}`);
        }
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no verification e-mail to ${email}`);
}

export interface SignedInAccount {
  api: AuraStreamClient;
  token: string;
}

/**
 * A verified account's client and access token: signs up (once per data folder; an account that
 * exists already is signed in), verifies the address and signs in.
 */
export async function signedInAccount(
  service: ServiceProcess,
  account: { email: string; password: string; displayName: string },
): Promise<SignedInAccount> {
  let token: string | null = null;
  const api = createAuraStreamClient({ baseUrl: service.url, getAccessToken: () => token });
  const signedUp = await api.auth.signup({ body: account }).then(
    () => true,
    () => false,
  );
  if (signedUp) {
    await verifyAddress(service, account.email);
  }
  token = (await api.auth.login({ body: { email: account.email, password: account.password } })).accessToken;
  return { api, token };
}

/** The cookies a response set, as a `Cookie` header. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .join('; ');
}

/**
 * "Connect Twitch" as the dashboard does it, against a fake Twitch whose consenting user is the
 * channel to connect: start, visit the provider, follow the callback.
 */
export async function connectTwitch(serviceUrl: string, accessToken: string): Promise<void> {
  const started = await fetch(`${serviceUrl}/api/v1/auth/oauth/twitch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (started.status !== 200) {
    throw new Error(`starting the Twitch connection failed: ${started.status} ${await started.text()}`);
  }
  const { authorization_url: authorizationUrl } = (await started.json()) as { authorization_url: string };
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (consent.status !== 302 || !callback) {
    throw new Error(`the fake Twitch did not redirect: ${consent.status}`);
  }
  const callbackUrl = new URL(callback);
  const completed = await fetch(`${serviceUrl}${callbackUrl.pathname}${callbackUrl.search}`, {
    redirect: 'manual',
    headers: { accept: 'text/html', cookie: cookiesOf(started) },
  });
  const landing = new URL(completed.headers.get('location') ?? '/', serviceUrl);
  if (landing.searchParams.get('action') !== 'linked') {
    throw new Error(`connecting Twitch failed: ${completed.status} ${landing.search}`);
  }
}
