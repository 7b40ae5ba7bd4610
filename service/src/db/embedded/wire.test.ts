import { expect } from 'chai';
import { Double, Long, ObjectId, serialize } from 'bson';
import { decode } from './bson';
import { encodeOpMsg, storedBatchReply } from './wire';

/** Stored-looking documents: decoded from BSON, with integral doubles and int64s marked. */
function storedDocuments(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    decode(
      serialize({
        _id: new ObjectId(),
        email: `user${i}@example.com`,
        score: new Double(i),
        big: Long.fromNumber(i * 1000),
        nested: { ключ: 'значение', tags: ['a', new Double(2)] },
      }),
    ),
  );
}

describe('embedded mongo reply encoding', () => {
  it('writes a batch of stored documents byte for byte as the general encoder does', () => {
    for (const [count, id] of [
      [0, Long.ZERO],
      [1, Long.ZERO],
      [12, Long.fromBigInt(123_456_789_012_345n)],
    ] as const) {
      const docs = storedDocuments(count);
      const cursor = { firstBatch: docs, id, ns: 'bench.usérs' };
      const records = docs.map((doc, i) => ({ id: String(i), doc, bytes: undefined }));
      const fast = encodeOpMsg(7, 3, storedBatchReply(cursor, records));
      const general = encodeOpMsg(7, 3, { cursor, ok: 1 });
      expect(fast.equals(general), `${count} documents`).to.equal(true);
    }
  });
});
