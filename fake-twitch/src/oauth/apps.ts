import { randomBytes } from 'node:crypto';
import { twitchStyleToken } from '../world/ids';
import { recordCredential } from './credential-record';

/** An application registered at the fake Twitch's developer console. */
export interface FakeTwitchApp {
  clientId: string;
  clientSecret: string;
  /** Shown on the authorize page: "<name> wants to access your account". */
  name: string;
}

/** The panel extension: its client id, its base64 secret (signs extension JWTs) and its owner. */
export interface FakeTwitchExtension {
  clientId: string;
  secret: string;
  ownerId: string;
}

export function newApp(name: string, clientId?: string, clientSecret?: string): FakeTwitchApp {
  return {
    clientId: clientId ?? twitchStyleToken(30),
    clientSecret: clientSecret ?? twitchStyleToken(30),
    name,
  };
}

export function newExtension(ownerId: string, clientId?: string, secret?: string): FakeTwitchExtension {
  const extension = {
    clientId: clientId ?? twitchStyleToken(30),
    secret: secret ?? randomBytes(32).toString('base64'),
    ownerId,
  };
  recordCredential('extension secret', extension.secret);
  return extension;
}

/** The applications the fake knows: the main one (AuraStream) and any a test registers to play another app. */
export class AppRegistry {
  private readonly apps = new Map<string, FakeTwitchApp>();

  constructor(readonly main: FakeTwitchApp) {
    this.add(main);
  }

  add(app: FakeTwitchApp): FakeTwitchApp {
    this.apps.set(app.clientId, app);
    recordCredential('client secret', app.clientSecret);
    return app;
  }

  get(clientId: string): FakeTwitchApp | undefined {
    return this.apps.get(clientId);
  }

  all(): FakeTwitchApp[] {
    return [...this.apps.values()];
  }
}
