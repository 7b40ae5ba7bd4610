/**
 * Hostile variants of an endpoint's rightful call, as fast-check arbitraries: one field of the
 * body of the wrong type (with pollution keys beside it or not), a body that is not the JSON
 * object asked for, a hostile path segment for one parameter, a hostile query pair, and for
 * uploads broken multipart bodies. Every variant is one no schema may accept.
 */
import fc from 'fast-check';
import type { EndpointDefinition } from '@aurastream/contract';
import type { RawRequest } from './http';
import {
  fieldPaths,
  hostilePathSegment,
  hostileQueryFor,
  replacedAt,
  valueAt,
  withPollutingKeys,
  wrongTypeFor,
} from './hostile-values';
import { multipartBody } from './fixtures';
import { paramNamesOf, pathOf } from './route-table';
import type { MatrixRequest } from '../route-matrix';

/** A request and the way it was made hostile, for failure messages. */
export interface HostileRequest {
  kind: string;
  request: RawRequest;
}

/** One request body over the JSON limit (1 MB). */
const oversizedBody = JSON.stringify({ padding: 'x'.repeat(1_200_000) });

/** Bodies that are not a JSON object, sent as JSON. */
const notAnObject = [
  '{"name": ',
  '{"name": "x"} trailing',
  "{'name': 'single quotes'}",
  '{"name": "x",}',
  '\u0000',
  '[]',
  '"a string"',
  '123',
  'null',
  '[{"$where": "sleep(1000)"}]',
  '['.repeat(100_000) + ']'.repeat(100_000),
];

/**
 * A known field holding arrays nested 20,000 deep (no field takes that; under an unknown key, or
 * as objects with unknown keys, it would just be dropped).
 */
const deepUnder = (field: string) => `{"${field}":${'['.repeat(20_000)}1${']'.repeat(20_000)}}`;

/** Content types a JSON endpoint does not read. */
const foreignContentTypes = [
  'text/plain',
  'application/xml',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
];

function withHeaders(request: RawRequest, headers: Record<string, string>): RawRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

export function hostileRequests(
  endpoint: EndpointDefinition,
  call: MatrixRequest,
  base: RawRequest,
): fc.Arbitrary<HostileRequest> | null {
  const variants: Array<fc.Arbitrary<HostileRequest>> = [];
  const json = { 'content-type': 'application/json' };

  if (endpoint.body && !endpoint.multipart) {
    const body = call.body as Record<string, unknown>;
    const paths = fieldPaths(body);
    if (paths.length > 0) {
      variants.push(
        fc.constantFrom(...paths).chain((at) =>
          fc.tuple(fc.constant(at), wrongTypeFor(valueAt(body, at)), fc.boolean()).map(([path, value, pollute]) => {
            const hostile = replacedAt(body, path, value) as Record<string, unknown>;
            return {
              kind: `${path.join('.')} = a value it does not take${pollute ? ', beside pollution keys' : ''}`,
              request: withHeaders(
                { ...base, body: pollute ? withPollutingKeys(hostile) : JSON.stringify(hostile) },
                json,
              ),
            };
          }),
        ),
      );
    }
    const fields = 'shape' in endpoint.body ? Object.keys((endpoint.body as { shape: object }).shape) : [];
    const deep = fields.map(deepUnder);
    variants.push(
      fc.constantFrom(...notAnObject, ...deep, oversizedBody).map((text) => ({
        kind: `a body that is not the object asked for (${text.slice(0, 24)}…)`,
        request: withHeaders({ ...base, body: text }, json),
      })),
    );
    if (paths.length > 0) {
      // the rightful body under a content type the endpoint does not read
      variants.push(
        fc.constantFrom(...foreignContentTypes).map((type) => ({
          kind: `the body as ${type}`,
          request: withHeaders({ ...base, body: JSON.stringify(body) }, { 'content-type': type }),
        })),
      );
    }
  }

  if (endpoint.multipart) {
    const upload = call.body as Buffer;
    variants.push(
      fc.integer({ min: 1, max: Math.max(1, upload.length - 60) }).map((cut) => ({
        kind: `a multipart body cut off after ${cut} bytes`,
        request: { ...base, body: upload.subarray(0, cut) },
      })),
      fc
        .constantFrom('../../../../etc/passwd', '..\\..\\secrets.json', 'logo.png\u0000.html', '.htaccess')
        .map((filename) => {
          const form = multipartBody([
            { name: 'logo_type', value: 'primary' },
            { name: 'file', filename, contentType: 'image/png', data: Buffer.from('<script>alert(1)</script>') },
          ]);
          return {
            kind: `a file named ${JSON.stringify(filename)} that is not an image`,
            request: withHeaders({ ...base, body: form.body }, { 'content-type': form.contentType }),
          };
        }),
      fc.constant({
        kind: 'a multipart body whose boundary is not the declared one',
        request: withHeaders(base, { 'content-type': 'multipart/form-data; boundary=not-the-one' }),
      }),
      wrongTypeFor('primary').map((value) => {
        const form = multipartBody([{ name: 'logo_type', value: JSON.stringify(value).slice(0, 5000) }]);
        return {
          kind: 'a logo type that is no logo type, and no file',
          request: withHeaders({ ...base, body: form.body }, { 'content-type': form.contentType }),
        };
      }),
    );
  }

  const params = paramNamesOf(endpoint);
  if (params.length > 0) {
    variants.push(
      fc.tuple(fc.constantFrom(...params), hostilePathSegment).map(([name, segment]) => {
        // the other parameters keep their rightful values; this one is sent exactly as written
        const marker = `__hostile_${name}__`;
        const path = pathOf(endpoint, { ...call.params, [name]: marker }, call.query).replace(marker, segment);
        return { kind: `{${name}} = ${segment.slice(0, 40)}`, request: { ...base, path } };
      }),
    );
  }

  const queryKeys = endpoint.query ? Object.keys(endpoint.query.shape) : [];
  if (queryKeys.length > 0) {
    variants.push(
      fc
        .constantFrom(...queryKeys)
        .chain(hostileQueryFor)
        .map((pair) => ({
          kind: `query ${pair.slice(0, 60)}`,
          request: { ...base, path: `${base.path}${base.path.includes('?') ? '&' : '?'}${pair}` },
        })),
    );
  }
  return variants.length > 0 ? fc.oneof(...variants) : null;
}
