import type { Connection } from 'mongoose';
import type { Feature } from '../feature';
import type { BotChannelSettings, StreamerChannels } from './channel-access';
import { registerServiceCredentialModel } from './service-credential.model';
import { ServiceCredentialRepository } from './service-credential.repository';
import { ServiceCredentialService } from './service-credential.service';
import { createServiceCredentialsApi } from './service-credentials.api';
import { createServiceCredentialRouter } from './routes';
import type { VerifiedCredentials } from './verified-credentials';

export interface ServiceCredentialsFeatureDependencies {
  connection: Connection;
  /** The Twitch channel each streamer connected. */
  streamers: StreamerChannels;
  /** Which streamers turned the chat bot on (`bot_channels` credentials act for those). */
  botChannels: BotChannelSettings;
  /** Where verified credentials are kept, and revocations retire them (`verifiedCredentialsInRedis`). */
  verified: VerifiedCredentials;
}

/**
 * Service credentials: the callers of kind `service` (the chat bot). `authenticate` is what the
 * caller checks use; `api` is for administrators over HTTP and the admin CLI.
 */
export function createServiceCredentialsFeature(deps: ServiceCredentialsFeatureDependencies) {
  const credentials = new ServiceCredentialService({
    repository: new ServiceCredentialRepository(registerServiceCredentialModel(deps.connection)),
    streamers: deps.streamers,
    botChannels: deps.botChannels,
    verified: deps.verified,
  });
  const api = createServiceCredentialsApi(credentials);
  const feature: Feature = {
    name: 'service-credentials',
    routes: (callers) => createServiceCredentialRouter({ callers, api }),
  };
  return { feature, api, authenticate: (credential: string) => credentials.authenticate(credential) };
}
