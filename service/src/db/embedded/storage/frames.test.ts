import { expect } from 'chai';
import { decode, encode } from '../bson';
import { frame, readFrames } from './frames';

describe('embedded mongo record encoding', () => {
  it('encodes documents larger than bson’s shared 17 MiB buffer whole', () => {
    const doc = { _id: 1, a: 'x'.repeat(10 * 1024 * 1024), b: 'y'.repeat(8 * 1024 * 1024), tail: 42 };
    const back = decode(encode(doc));
    expect((back['a'] as string).length).to.equal(doc.a.length);
    expect((back['b'] as string).length).to.equal(doc.b.length);
    expect(back['tail']).to.equal(42);
  });

  it('frames a record with pre-encoded document bytes exactly as the whole record', () => {
    const doc = { _id: 'k', n: 1, nested: { s: 'text' } };
    const spliced = Buffer.concat(frame({ t: 'i', db: 'app', c: 'users' }, encode(doc)));
    const whole = Buffer.concat(frame({ t: 'i', db: 'app', c: 'users', d: doc }));
    expect(spliced.equals(whole)).to.equal(true);
    const read = readFrames(spliced);
    expect(read.corrupt).to.equal(false);
    expect(read.records).to.deep.equal([{ t: 'i', db: 'app', c: 'users', d: doc }]);
  });

  it('round-trips a record holding a 16 MiB document', () => {
    const doc = { _id: 2, body: 'z'.repeat(16 * 1024 * 1024 - 40) };
    const read = readFrames(Buffer.concat(frame({ t: 'u', db: 'd', c: 'c' }, encode(doc))));
    expect(read.corrupt).to.equal(false);
    expect((read.records[0]?.['d'] as { body: string }).body.length).to.equal(doc.body.length);
  });
});
