/**
 * Runs one row of the authorization matrix: every way of calling an endpoint that must be refused
 * (by its `auth`: missing, forged, expired and revoked credentials, another user, a plan or a role
 * without access), then the rightful call, each checked against the documented answer.
 */
import { randomUUID } from 'node:crypto';
import { extensionViewerRoleSchema, type EndpointDefinition } from '@aurastream/contract';
import { errorEnvelope, sendRaw, type RawAnswer, type RawRequest } from './http';
import {
  eventSubHeaders,
  extensionToken,
  forgedEventSubDeliveries,
  forgedExtensionTokens,
  forgedUserTokens,
  unknownServiceCredential,
  type AccessTokenSettings,
} from './forged-credentials';
import type { MatrixWorld, OwnerResources, Person } from './fixtures';
import { watchCredential, watchCredentialsIn } from './reliability-service';
import { pathOf } from './route-table';
import type { MatrixEntry, MatrixRequest } from '../route-matrix';

/** One call of a row and what it must answer. */
interface Probe {
  name: string;
  request: RawRequest;
  status: number;
  /** The error code a refusal carries. */
  code?: string;
}

export interface RowResult {
  /** Calls made. */
  calls: number;
  /** Every way the answers broke the rules, for one readable assertion. */
  problems: string[];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function toRaw(endpoint: EndpointDefinition, call: MatrixRequest, headers: Record<string, string>): RawRequest {
  const body = call.body;
  return {
    method: endpoint.method,
    path: pathOf(endpoint, call.params, call.query),
    headers: { ...call.headers, ...headers },
    body: body === undefined && ['POST', 'PUT', 'PATCH'].includes(endpoint.method) ? undefined : body,
  };
}

/** The same call with every UUID in the path replaced by one that names nothing. */
function withUnknownIds(call: MatrixRequest): MatrixRequest {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const params = Object.fromEntries(
    Object.entries(call.params ?? {}).map(([name, value]) => [name, uuid.test(value) ? randomUUID() : value]),
  );
  return { ...call, params };
}

/** The JSON text of a signed EventSub delivery's body, for endpoints whose call has none. */
function eventSubBody(call: MatrixRequest): string {
  return typeof call.body === 'string' ? call.body : JSON.stringify(call.body ?? {});
}

export interface MatrixCredentials {
  world: MatrixWorld;
  accessTokens: AccessTokenSettings;
  extensionSecret: string;
  eventSubSecret: string;
}

/** The headers of the caller an endpoint's `auth` names, acting for `owner`. */
export async function rightfulHeaders(
  endpoint: EndpointDefinition,
  credentials: MatrixCredentials,
  owner: Person,
  call: MatrixRequest,
): Promise<Record<string, string>> {
  const { world } = credentials;
  switch (endpoint.auth) {
    case 'none':
      return {};
    case 'optional':
    case 'user':
      return bearer(owner.accessToken);
    case 'admin':
      return bearer(world.admin.accessToken);
    case 'extension': {
      const role = endpoint.extensionRoles?.[0] ?? 'viewer';
      const token = await extensionToken({
        secret: credentials.extensionSecret,
        channelId: world.connectedChannelId,
        role,
        expiresInSeconds: call.extensionTokenSeconds,
      });
      watchCredential(token);
      return { 'x-extension-jwt': token };
    }
    case 'service':
      return bearer(world.serviceCredential.secret);
    case 'twitch-eventsub':
      return eventSubHeaders(credentials.eventSubSecret, eventSubBody(call));
  }
}

/** The refusals an endpoint's `auth` promises, whatever the endpoint does. */
async function callerProbes(
  endpoint: EndpointDefinition,
  entry: MatrixEntry,
  credentials: MatrixCredentials,
  owner: Person,
  other: Person,
  call: MatrixRequest,
): Promise<Probe[]> {
  const { world } = credentials;
  const as = (name: string, headers: Record<string, string>, status: number, code?: string, request = call): Probe => ({
    name,
    request: toRaw(endpoint, request, headers),
    status,
    code,
  });
  const probes: Probe[] = [];
  switch (endpoint.auth) {
    case 'none':
      break;
    case 'optional':
    case 'user':
    case 'admin': {
      if (endpoint.auth !== 'optional') {
        probes.push(as('no token', {}, 401, 'unauthorized'));
      }
      const genuine = endpoint.auth === 'admin' ? world.admin.accessToken : owner.accessToken;
      for (const forged of await forgedUserTokens(genuine, credentials.accessTokens, other.id)) {
        watchCredential(forged.authorization);
        probes.push(as(`forged token: ${forged.name}`, { authorization: forged.authorization }, 401, forged.code));
      }
      probes.push(as('a logged-out session', bearer(world.revokedToken), 401, 'session_revoked'));
      probes.push(as('a deleted account', bearer(world.deletedAccountToken), 401, 'invalid_token'));
      if (endpoint.auth === 'admin') {
        probes.push(as('a user who is not an administrator', bearer(owner.accessToken), 403, 'admin_only'));
      }
      if (entry.tierWithoutAccess) {
        const { status, code } = entry.tierWithoutAccess;
        probes.push(as('a plan without access', bearer(world.proUser.accessToken), status, code));
      }
      if (entry.owned) {
        // the answer to another user's resource must be the answer to one that does not exist
        probes.push(as("another user's resource", bearer(other.accessToken), 404));
        probes.push(
          as('a resource that does not exist', bearer(owner.accessToken), 404, undefined, withUnknownIds(call)),
        );
      }
      break;
    }
    case 'extension': {
      probes.push(as('no extension token', {}, 401, 'extension_token_missing'));
      for (const forged of await forgedExtensionTokens(
        credentials.extensionSecret,
        world.connectedChannelId,
        owner.accessToken,
      )) {
        Object.values(forged.headers).forEach(watchCredential);
        probes.push(as(`extension token: ${forged.name}`, forged.headers, 401, forged.code));
      }
      if (entry.wrongChannel) {
        // in a role the endpoint admits, so only the channel is wrong
        const token = await extensionToken({
          secret: credentials.extensionSecret,
          channelId: '987654321',
          role: endpoint.extensionRoles?.[0] ?? 'viewer',
        });
        watchCredential(token);
        probes.push(
          as(
            'a channel no streamer connected',
            { 'x-extension-jwt': token },
            entry.wrongChannel.status,
            entry.wrongChannel.code,
          ),
        );
      }
      for (const role of extensionViewerRoleSchema.options) {
        if (endpoint.extensionRoles && !endpoint.extensionRoles.includes(role)) {
          const token = await extensionToken({
            secret: credentials.extensionSecret,
            channelId: world.connectedChannelId,
            role,
          });
          watchCredential(token);
          probes.push(as(`the ${role} role`, { 'x-extension-jwt': token }, 403, 'extension_role_forbidden'));
        }
      }
      break;
    }
    case 'service':
      probes.push(as('no credential', {}, 401, 'service_credential_missing'));
      probes.push(
        as('a credential never issued', bearer(unknownServiceCredential()), 401, 'service_credential_invalid'),
      );
      probes.push(
        as('a revoked credential', bearer(world.revokedServiceCredential), 401, 'service_credential_revoked'),
      );
      probes.push(as("a user's access token", bearer(owner.accessToken), 401, 'service_credential_invalid'));
      probes.push(as('a malformed header', { authorization: 'Bearer' }, 401, 'service_credential_invalid'));
      break;
    case 'twitch-eventsub':
      for (const forged of forgedEventSubDeliveries(credentials.eventSubSecret, eventSubBody(call))) {
        probes.push({
          name: `EventSub delivery: ${forged.name}`,
          request: { ...toRaw(endpoint, call, forged.headers), body: forged.body },
          status: 401,
          code: forged.code,
        });
      }
      break;
  }
  return probes;
}

/** What is wrong with a successful answer for an endpoint, or null. */
function successProblem(endpoint: EndpointDefinition, answer: RawAnswer): string | null {
  const kind = endpoint.responseKind ?? 'json';
  const type = String(answer.headers['content-type'] ?? '');
  switch (kind) {
    case 'sse':
      return type.startsWith('text/event-stream') ? null : `an event stream was promised, got ${type}`;
    case 'binary':
      return answer.text.length > 0 && !type.startsWith('application/json') ? null : `a file was promised, got ${type}`;
    case 'redirect':
      return typeof answer.headers.location === 'string' ? null : 'a redirect without a Location';
    case 'empty':
      return null;
    case 'json': {
      if (answer.status === 204) {
        return answer.text === '' ? null : 'a 204 with a body';
      }
      const parsed = endpoint.response?.safeParse(answer.json);
      return !parsed || parsed.success
        ? null
        : `the answer does not match its schema: ${parsed.error.message.slice(0, 300)}`;
    }
  }
}

/** The values of the owner's an answer to `request` must not hold (bar what the request itself names). */
function revealed(answer: RawAnswer, request: RawRequest, revealing: string[]): string[] {
  const asked = `${request.path} ${typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '')}`;
  return revealing.filter((value) => !asked.includes(value) && answer.text.includes(value));
}

export async function runMatrixRow(
  endpoint: EndpointDefinition,
  entry: MatrixEntry,
  credentials: MatrixCredentials,
): Promise<RowResult> {
  const { world } = credentials;
  const { owner, other } = entry.destructive ? await world.fresh() : { owner: world.owner, other: world.other };
  const call = await entry.request({ world, owner });
  const problems: string[] = [];
  let calls = 0;

  const send = async (probe: Probe): Promise<RawAnswer> => {
    calls++;
    const answer = await sendRaw(world.app.url, probe.request);
    watchCredentialsIn(answer.text);
    return answer;
  };
  const check = (name: string, ok: boolean, what: string) => {
    if (!ok) {
      problems.push(`${name}: ${what}`);
    }
  };

  const probes = await callerProbes(endpoint, entry, credentials, owner.owner, other, call);
  const answers = new Map<string, RawAnswer>();
  for (const probe of probes) {
    const answer = await send(probe);
    answers.set(probe.name, answer);
    const envelope = errorEnvelope(answer);
    check(
      probe.name,
      answer.status === probe.status,
      `expected ${probe.status}, got ${answer.status} ${answer.text.slice(0, 200)}`,
    );
    check(probe.name, envelope !== null, `no error envelope: ${answer.text.slice(0, 200)}`);
    if (probe.code && envelope) {
      check(probe.name, envelope.code === probe.code, `expected code ${probe.code}, got ${envelope.code}`);
    }
    const leaked = revealed(answer, probe.request, await ownerRevealing(owner));
    check(probe.name, leaked.length === 0, `the answer holds the owner's ${leaked.join(', ')}`);
  }
  if (entry.owned) {
    const theirs = errorEnvelope(answers.get("another user's resource")!);
    const nobodys = errorEnvelope(answers.get('a resource that does not exist')!);
    check(
      "another user's resource",
      theirs?.code === nobodys?.code && theirs?.message === nobodys?.message,
      `answers differently from an id that does not exist: ${JSON.stringify(theirs)} vs ${JSON.stringify(nobodys)}`,
    );
  }

  // the rightful call, and for what is not owned, another user doing the same for themselves
  const headers = await rightfulHeaders(endpoint, credentials, owner.owner, call);
  const rightful: Probe = {
    name: 'the rightful caller',
    request: toRaw(endpoint, call, headers),
    status: entry.answers?.status ?? endpoint.status ?? 200,
    code: entry.answers?.code,
  };
  if (entry.answers) {
    check(
      'the matrix entry',
      (endpoint.errors ?? []).includes(entry.answers.status),
      `${entry.answers.status} is not a documented error`,
    );
  }
  const answer = await send(rightful);
  check(
    rightful.name,
    answer.status === rightful.status,
    `expected ${rightful.status}, got ${answer.status} ${answer.text.slice(0, 300)}`,
  );
  if (entry.answers) {
    check(
      rightful.name,
      errorEnvelope(answer)?.code === entry.answers.code,
      `expected code ${entry.answers.code}: ${answer.text.slice(0, 200)}`,
    );
  } else if (answer.status === rightful.status) {
    const problem = successProblem(endpoint, answer);
    check(rightful.name, problem === null, problem ?? '');
  }
  if (!entry.owned && (endpoint.auth === 'user' || endpoint.auth === 'optional')) {
    const theirs = await send({
      ...rightful,
      name: 'another user',
      request: toRaw(endpoint, call, bearer(other.accessToken)),
    });
    check(
      'another user, for themselves',
      theirs.status === rightful.status,
      `expected ${rightful.status}, got ${theirs.status} ${theirs.text.slice(0, 200)}`,
    );
    const leaked = revealed(theirs, rightful.request, await ownerRevealing(owner));
    check('another user, for themselves', leaked.length === 0, `the answer holds the owner's ${leaked.join(', ')}`);
  }
  return { calls, problems };
}

async function ownerRevealing(owner: OwnerResources): Promise<string[]> {
  return owner.revealing();
}
