import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Feature } from '../feature';
import { createSystemRouter, systemHotRoutes } from './routes';
import { createSystemApi } from './system.api';
import type { FileStorage } from '../storage';

export interface SystemFeatureDependencies {
  mongo: Connection;
  redis: Redis;
  storage: FileStorage;
}

/** Liveness and readiness, for load balancers and orchestrators. */
export function createSystemFeature(deps: SystemFeatureDependencies) {
  const api = createSystemApi(deps);
  const hotRoutes = systemHotRoutes(api);
  const feature: Feature = {
    name: 'system',
    routes: (callers) => createSystemRouter({ callers, api, hotRoutes }),
    hotRoutes,
  };
  return { feature, api };
}
