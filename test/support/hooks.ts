import { stopSharedInfrastructure } from '@aurastream/service/testing';

/** Root hooks: the shared MongoDB and Redis are stopped once, after every test file has run. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedInfrastructure();
  },
};
