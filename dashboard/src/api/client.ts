import {
  adminEndpoints,
  chatBotAdminEndpoints,
  chatBotEndpoints,
  analyticsEndpoints,
  assetEndpoints,
  authEndpoints,
  brandKitEndpoints,
  channelPointsEndpoints,
  coachEndpoints,
  createApiClient,
  generationEndpoints,
  ideaEndpoints,
  twitchConnectionEndpoints,
  planEndpoints,
  twitchEndpoints,
  type ApiClient,
  type ApiClientOptions,
} from '@aurastream/contract';
import { credentials } from './credentials';

/** The endpoint groups the dashboard calls (not the panel extension's, nor the services'). */
const dashboardEndpoints = {
  auth: authEndpoints,
  admin: adminEndpoints,
  analytics: analyticsEndpoints,
  brandKits: brandKitEndpoints,
  coach: coachEndpoints,
  generation: generationEndpoints,
  twitch: twitchEndpoints,
  twitchConnection: twitchConnectionEndpoints,
  channelPoints: channelPointsEndpoints,
  assets: assetEndpoints,
  ideas: ideaEndpoints,
  plans: planEndpoints,
  chatBot: chatBotEndpoints,
  chatBotAdmin: chatBotAdminEndpoints,
};

/** The dashboard's typed client: `api.brandKits.activate({ params: { id } })`. */
export type DashboardApi = ApiClient<typeof dashboardEndpoints>;

function createDashboardApi(options: ApiClientOptions): DashboardApi {
  return createApiClient(dashboardEndpoints, options);
}

/**
 * The typed API client of the whole dashboard: same origin, bearer token from memory, CSRF header on
 * state-changing requests, and one silent refresh-and-retry when a request answers 401.
 */
export const api: DashboardApi = createDashboardApi({
  baseUrl: '',
  credentials: 'same-origin',
  getAccessToken: credentials.accessToken,
  getCsrfToken: credentials.csrfToken,
  onUnauthorized: () => credentials.refresh(),
});

/** For the session's own refresh calls: never retries through `onUnauthorized` (no recursion). */
export const sessionApi: DashboardApi = createDashboardApi({
  baseUrl: '',
  credentials: 'same-origin',
  getAccessToken: credentials.accessToken,
  getCsrfToken: credentials.csrfToken,
});
