/** Test support: a real service on a free port, shared MongoDB and Redis, user factories. */
export {
  startTestService,
  type CapturedLogs,
  type TestService,
  type TestServiceOptions,
  type TestUser,
} from './test-service';
export { sharedInfrastructure, stopSharedInfrastructure } from './shared-infrastructure';
export { childNodeProcesses, childProcessesRunning } from './child-processes';
export {
  keepChildLogs,
  processLogDestination,
  recordConfigSecrets,
  recordTestSecrets,
  testLogDir,
  testLogger,
  testLogLevel,
  testSecretsDir,
} from './test-logs';
export type { IdeaViewer, ViewerBadges, IdeaOutcomeListener, Idea } from '../ideas/idea-intake';
export type { IdeaActor } from '../ideas/ideas.api';
