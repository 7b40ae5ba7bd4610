import type { DashboardApi } from './client';

/** camelCase shapes of the API's answers, taken from the typed client so they never drift. */
type Output<G extends keyof DashboardApi, N extends keyof DashboardApi[G]> = DashboardApi[G][N] extends (
  ...args: never[]
) => Promise<infer R>
  ? R
  : never;

export type User = Output<'auth', 'me'>;
export type LoginResult = Output<'auth', 'login'>;
export type BrandKit = Output<'brandKits', 'get'>;
export type BrandKitLogo = Output<'brandKits', 'getLogo'>;
export type BrandKitLogoList = Output<'brandKits', 'listLogos'>;
export type Job = Output<'generation', 'getJob'>;
export type Asset = Output<'assets', 'get'>;
export type AssetPage = Output<'assets', 'list'>;
export type AssetSummary = Output<'assets', 'summary'>;
export type Plans = Output<'plans', 'list'>;
export type Pack = Output<'twitch', 'getPack'>;
export type Dimensions = Output<'twitch', 'dimensions'>;
export type AssetDimensions = Dimensions['assetTypes'][number];
export type CoachAccess = Output<'coach', 'access'>;
export type CoachTips = Output<'coach', 'tips'>;
export type CoachTip = CoachTips['tips'][number];
export type AnalyticsSummary = Output<'analytics', 'summary'>;
export type PopularAssets = Output<'analytics', 'popularAssets'>;
export type FlushStatus = Output<'analytics', 'flushStatus'>;
