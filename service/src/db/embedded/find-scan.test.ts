import { expect } from 'chai';
import { Binary, Double, Long, ObjectId, UUID, serialize } from 'bson';
import { decode } from './bson';
import { pointFindOf } from './commands/point-find';
import { scanPointFind } from './find-scan';
import { toText, type Document } from './types';
import { encodeOpMsg, parseMessage } from './wire';

const lsid = { id: new UUID() };

/** What the general path makes of a message: the point find of its decoded command, its database and session key. */
function generalReading(message: Buffer): Record<string, unknown> | undefined {
  const { command, db } = parseMessage(message);
  const find = pointFindOf(command);
  const session = command['lsid'] as Document | undefined;
  return find && { ...find, db, lsid: session ? toText(session['id']) : undefined };
}

function scannedReading(message: Buffer): Record<string, unknown> | undefined {
  const find = scanPointFind(message);
  return (
    find && {
      collection: find.collection,
      field: find.field,
      value: find.value,
      limit: find.limit,
      batchSize: find.batchSize,
      singleBatch: find.singleBatch,
      db: find.db,
      lsid: find.lsid,
    }
  );
}

/** An OP_MSG with one body section, its flags and body bytes as given. */
function rawMessage(body: Uint8Array, flags = 0): Buffer {
  const out = Buffer.alloc(21 + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(2013, 12);
  out.writeUInt32LE(flags, 16);
  out.set(body, 21);
  return out;
}

describe('embedded mongo: point finds read from the wire', () => {
  const readAlike: Array<[string, Document]> = [
    [
      'the driver’s findOne',
      { find: 'users', filter: { email: 'a@example.com' }, limit: 1, singleBatch: true, lsid, $db: 'app' },
    ],
    ['a lookup by ObjectId', { find: 'users', filter: { _id: new ObjectId() }, $db: 'app' }],
    ['an int32', { find: 'users', filter: { n: 7 }, batchSize: 2, $db: 'app' }],
    ['an integral double', { find: 'users', filter: { n: new Double(7) }, limit: new Double(3), $db: 'app' }],
    ['a fractional double', { find: 'users', filter: { n: 2.5 }, $db: 'app' }],
    ['a date', { find: 'users', filter: { at: new Date(1_700_000_000_123) }, $db: 'app' }],
    ['a date before 1970', { find: 'users', filter: { at: new Date(-86_400_123) }, $db: 'app' }],
    ['a boolean', { find: 'users', filter: { active: false }, singleBatch: false, $db: 'app' }],
    ['non-ASCII text', { find: 'usérs', filter: { 'név.ü': 'ünïcödé ✓' }, $db: 'äpp' }],
    [
      'null limit and singleBatch',
      { find: 'users', filter: { email: 'x' }, limit: null, singleBatch: null, $db: 'app' },
    ],
    ['no $db', { find: 'users', filter: { email: 'x' } }],
    ['a $db that is not a string', { find: 'users', filter: { email: 'x' }, $db: 5 }],
    [
      'the fields a point find ignores',
      {
        find: 'users',
        filter: { email: 'x' },
        $readPreference: { mode: 'primary' },
        readConcern: { level: 'local' },
        maxTimeMS: 500,
        comment: { why: ['because', 1, true, null] },
        lsid,
        $db: 'app',
      },
    ],
    ['an empty collection name', { find: '', filter: { email: 'x' }, $db: 'app' }],
  ];
  for (const [what, command] of readAlike) {
    it(`reads ${what} as the decoded command gives it`, () => {
      const message = encodeOpMsg(1, 0, command);
      const scanned = scannedReading(message);
      expect(scanned, 'read from the wire').to.not.equal(undefined);
      expect(scanned).to.deep.equal(generalReading(message));
    });
  }

  const leftToTheGeneralPath: Array<[string, Document]> = [
    ['another command', { count: 'users', query: { email: 'x' }, $db: 'app' }],
    ['find not first', { filter: { email: 'x' }, find: 'users', $db: 'app' }],
    ['a projection', { find: 'users', filter: { email: 'x' }, projection: { email: 1 }, $db: 'app' }],
    ['a sort', { find: 'users', filter: { email: 'x' }, sort: { email: 1 }, $db: 'app' }],
    ['a collation', { find: 'users', filter: { email: 'x' }, collation: { locale: 'en' }, $db: 'app' }],
    ['a skip', { find: 'users', filter: { email: 'x' }, skip: 1, $db: 'app' }],
    ['a transaction number', { find: 'users', filter: { email: 'x' }, txnNumber: Long.fromNumber(1), $db: 'app' }],
    ['two filter fields', { find: 'users', filter: { email: 'x', n: 1 }, $db: 'app' }],
    ['an empty filter', { find: 'users', filter: {}, $db: 'app' }],
    ['an operator', { find: 'users', filter: { email: { $eq: 'x' } }, $db: 'app' }],
    ['a top-level operator', { find: 'users', filter: { $and: [{ email: 'x' }] }, $db: 'app' }],
    ['a null value', { find: 'users', filter: { email: null }, $db: 'app' }],
    ['an array value', { find: 'users', filter: { tags: ['a'] }, $db: 'app' }],
    ['a regular expression', { find: 'users', filter: { email: /x/ }, $db: 'app' }],
    ['an int64 value', { find: 'users', filter: { n: Long.fromNumber(5) }, $db: 'app' }],
    ['a binary value', { find: 'users', filter: { b: new Binary(Buffer.from('ab')) }, $db: 'app' }],
    ['a negative limit', { find: 'users', filter: { email: 'x' }, limit: -1, $db: 'app' }],
    ['a fractional limit', { find: 'users', filter: { email: 'x' }, limit: 1.5, $db: 'app' }],
    ['an int64 limit', { find: 'users', filter: { email: 'x' }, limit: Long.fromNumber(1), $db: 'app' }],
    ['a null batchSize', { find: 'users', filter: { email: 'x' }, batchSize: null, $db: 'app' }],
    ['a numeric singleBatch', { find: 'users', filter: { email: 'x' }, singleBatch: 1, $db: 'app' }],
    ['a collection name that is not a string', { find: 42, filter: { email: 'x' }, $db: 'app' }],
    ['a filter that is not a document', { find: 'users', filter: 'x', $db: 'app' }],
    ['no filter', { find: 'users', $db: 'app' }],
    ['an lsid that is not a document', { find: 'users', filter: { email: 'x' }, lsid: 'me', $db: 'app' }],
  ];
  for (const [what, command] of leftToTheGeneralPath) {
    it(`leaves ${what} to the general path`, () => {
      expect(scanPointFind(encodeOpMsg(1, 0, command))).to.equal(undefined);
    });
  }

  it('leaves checksums, moreToCome, document sequences and other opcodes to the general path', () => {
    const body = serialize({ find: 'users', filter: { email: 'x' }, $db: 'app' });
    expect(scanPointFind(rawMessage(body))).to.not.equal(undefined);
    expect(scanPointFind(rawMessage(body, 1))).to.equal(undefined); // checksum present
    expect(scanPointFind(rawMessage(body, 2))).to.equal(undefined); // moreToCome
    const payload = Buffer.concat([Buffer.from('documents\0', 'latin1'), serialize({ a: 1 })]);
    const section = Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), payload]);
    section.writeInt32LE(4 + payload.length, 1);
    const withSequence = Buffer.concat([rawMessage(body), section]);
    withSequence.writeInt32LE(withSequence.length, 0);
    expect(scanPointFind(withSequence)).to.equal(undefined);
    const query = rawMessage(body);
    query.writeInt32LE(2004, 12);
    expect(scanPointFind(query)).to.equal(undefined);
  });

  it('leaves a repeated field to the general path (the decoder keeps the last one)', () => {
    const first = Buffer.from(serialize({ find: 'users', filter: { email: 'x' }, limit: 1 }));
    const again = Buffer.from(serialize({ limit: 2 }));
    // {find, filter, limit: 1, limit: 2}: splice the second document's element in before the terminator.
    const body = Buffer.concat([first.subarray(0, first.length - 1), again.subarray(4)]);
    body.writeInt32LE(body.length, 0);
    expect(decode(body)['limit']).to.equal(2);
    expect(scanPointFind(rawMessage(body))).to.equal(undefined);
  });

  it('leaves BSON the decoder would refuse to the general path, wherever it is', () => {
    const valid = Buffer.from(serialize({ find: 'users', filter: { email: 'xy' }, comment: { ok: true, s: 'ab' } }));
    expect(scanPointFind(rawMessage(valid))).to.not.equal(undefined);
    const corrupt = (mutate: (body: Buffer) => void): Buffer => {
      const body = Buffer.from(valid);
      mutate(body);
      return rawMessage(body);
    };
    const at = (text: string): number => valid.indexOf(Buffer.from(text, 'latin1'));
    // an invalid boolean in a field a point find ignores
    expect(scanPointFind(corrupt((b) => (b[at('ok') + 3] = 2)))).to.equal(undefined);
    // invalid UTF-8 in a string it ignores, and in the value it reads
    expect(scanPointFind(corrupt((b) => (b[at('ab')] = 0xff)))).to.equal(undefined);
    expect(scanPointFind(corrupt((b) => (b[at('xy')] = 0xc3)))).to.equal(undefined);
    // a string length past its document, and a nested document without its terminator
    expect(scanPointFind(corrupt((b) => b.writeInt32LE(200, at('ab') - 4)))).to.equal(undefined);
    expect(scanPointFind(corrupt((b) => (b[at('ab') + 3] = 1)))).to.equal(undefined);
    // a truncated top-level document
    expect(scanPointFind(rawMessage(valid.subarray(0, valid.length - 3)))).to.equal(undefined);
  });

  it('reads names that change from message to message, same lengths included', () => {
    const commands = [
      { find: 'users', filter: { email: 'x' }, $db: 'app' },
      { find: 'items', filter: { phone: 'x' }, $db: 'abc' },
      { find: 'items', filter: { phone: 'x' }, $db: 'abc' },
      { find: 'users', filter: { email: 'x' }, $db: 'app' },
    ];
    for (const command of commands) {
      const message = encodeOpMsg(1, 0, command);
      expect(scannedReading(message)).to.deep.equal(generalReading(message));
    }
  });

  it('decodes the session id only when asked for it', () => {
    const find = scanPointFind(encodeOpMsg(1, 0, { find: 'users', filter: { email: 'x' }, lsid, $db: 'app' }));
    expect(find?.lsid).to.equal(toText(decode(serialize(lsid))['id']));
    expect(scanPointFind(encodeOpMsg(1, 0, { find: 'users', filter: { email: 'x' } }))?.lsid).to.equal(undefined);
  });
});
