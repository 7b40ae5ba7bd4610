import type { Feature } from '../feature';
import { createPlansApi, type PlansApiDependencies } from './plans.api';
import { createPlansRouter } from './routes';

export type PlansFeatureDependencies = PlansApiDependencies;

/** The plans of this installation and how a tier changes here. */
export function createPlansFeature(deps: PlansFeatureDependencies) {
  const api = createPlansApi(deps);
  const feature: Feature = { name: 'plans', routes: (callers) => createPlansRouter({ callers, api }) };
  return { feature, api };
}
