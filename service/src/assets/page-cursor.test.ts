import { expect } from 'chai';
import { ValidationError } from '../shared/errors';
import { decodePageCursor, encodePageCursor, toPage } from './page-cursor';

describe('page cursors', () => {
  const position = { created_at: new Date('2026-03-04T05:06:07.089Z'), id: '7d9f6a2e-0c1b-4e8a-9f3d-2b1c0a9e8d7f' };

  it('round-trips the last row’s time and id through an opaque string', () => {
    const cursor = encodePageCursor(position);
    expect(cursor).to.match(/^[\w-]+$/);
    expect(decodePageCursor(cursor)).to.deep.equal(position);
  });

  it('refuses a cursor it did not make with a 422 on the `cursor` field', () => {
    for (const bad of [
      'nope',
      Buffer.from('{"t":"yesterday","i":"x"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => decodePageCursor(bad))
        .to.throw(ValidationError)
        .with.property('details')
        .that.deep.equals([
          { field: 'cursor', message: 'This cursor is not one this list answered', code: 'invalid_cursor' },
        ]);
    }
  });

  it('cuts a limit+1 read into a page and the next cursor, none on the last page', () => {
    const rows = [3, 2, 1].map((day) => ({ id: `id-${day}`, created_at: new Date(Date.UTC(2026, 0, day)) }));
    const first = toPage(rows, 2);
    expect(first.items.map((row) => row.id)).to.deep.equal(['id-3', 'id-2']);
    expect(decodePageCursor(first.next_cursor!)).to.deep.equal({ id: 'id-2', created_at: rows[1]!.created_at });
    expect(toPage(rows.slice(0, 2), 2).next_cursor).to.equal(null);
  });
});
