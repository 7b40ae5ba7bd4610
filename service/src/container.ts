import type { Request } from 'express';
import type { Infrastructure } from './infrastructure';
import type { Feature } from './feature';
import { AccessTokenService } from './auth/access-token';
import { Authenticator } from './auth/authenticator';
import { registerUserModel } from './users/user.model';
import { UserRepository } from './users/user.repository';
import { createSystemRouter } from './system/routes';
import type { AuthenticateRequest } from './http/route';

/**
 * Builds every feature with exactly the dependencies it uses. Features reach each other through
 * services passed here, never through another feature's repository.
 */
export function createContainer(infra: Infrastructure) {
  const { config, mongo, redis } = infra;
  const connection = mongo.connection;

  const users = new UserRepository(registerUserModel(connection));
  const accessTokens = new AccessTokenService(config.auth);
  const authenticator = new Authenticator(accessTokens, users);
  const authenticate: AuthenticateRequest = (req: Request) => authenticator.authenticate(req.headers.authorization);

  const features: Feature[] = [
    { name: 'system', router: createSystemRouter({ mongo: connection, redis, authenticate }) },
  ];

  return { users, accessTokens, authenticator, authenticate, features };
}

export type Container = ReturnType<typeof createContainer>;
