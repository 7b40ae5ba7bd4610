import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { insertManyUnordered } from './insert-many';
import { defineSchema } from './model';

/** A model on a connection never opened: every row here is refused before anything is written. */
let models = 0;

function model() {
  const connection = mongoose.createConnection();
  const schema = defineSchema<{
    name: string;
    kind: string;
    detail: { size: number };
    tags: string[];
    note: string | null;
  }>(
    {
      name: {
        type: String,
        required: true,
        validate: { validator: (value: string) => !value.includes(' '), message: '{PATH} takes no spaces' },
      },
      kind: { type: String, enum: ['a', 'b'], default: 'a' },
      detail: { size: { type: Number, default: 1, min: 1 } },
      tags: { type: [String], default: [] },
      note: { type: String, default: null },
    },
    { collection: 'insert_many_rows' },
  );
  return connection.model(`InsertManyRow${++models}`, schema) as unknown as Model<{ _id: string }>;
}

async function refusal(rows: Array<Record<string, unknown>>): Promise<string> {
  try {
    await insertManyUnordered(model(), rows);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('the rows were accepted');
}

describe('insertManyUnordered checks rows as the model’s documents would', () => {
  it('refuses a field the schema does not have, at the top or nested', async () => {
    expect(await refusal([{ name: 'x', colour: 'red' }])).to.match(/`colour` is not in schema/);
    expect(await refusal([{ name: 'x', detail: { size: 2, weight: 3 } }])).to.match(/`detail.weight` is not in schema/);
  });

  it('refuses a missing required field, a value outside its enum and one that does not cast', async () => {
    expect(await refusal([{ kind: 'a' }])).to.match(/name.*required/);
    expect(await refusal([{ name: 'x', kind: 'c' }])).to.match(/not a valid enum value/);
    expect(await refusal([{ name: 'x', detail: { size: 'big' } }])).to.match(/Cast to Number failed/);
  });

  it('refuses a value below its minimum, an array element that does not cast and a failing custom validator', async () => {
    expect(await refusal([{ name: 'x', detail: { size: 0 } }])).to.match(/detail.size.*less than minimum/);
    expect(await refusal([{ name: 'x', tags: ['a', { not: 'text' }] }])).to.match(/tags.*Cast to \[?string\]? failed/i);
    expect(await refusal([{ name: 'no spaces' }])).to.match(/name.*no spaces/);
  });

  it('refuses the whole write when one row of many is bad, naming every failure of that row', async () => {
    const message = await refusal([{ name: 'good' }, { name: 'also-good' }, { kind: 'c' }]);
    expect(message).to.match(/name.*required/);
    expect(message).to.match(/not a valid enum value/);
  });

  it('still refuses a bad row of a schema with an asynchronous validator (checked by mongoose)', async () => {
    const connection = mongoose.createConnection();
    const schema = defineSchema<{ code: string }>(
      {
        code: {
          type: String,
          required: true,
          validate: {
            validator: async (value: string) => Promise.resolve(value.startsWith('ok')),
            message: 'bad code',
          },
        },
      },
      { collection: 'insert_many_async_rows' },
    );
    const asyncModel = connection.model('InsertManyAsyncRow', schema) as unknown as Model<{ _id: string }>;
    const error = await insertManyUnordered(asyncModel, [{ code: 'nope' }]).then(
      () => null,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).to.match(/bad code/);
  });
});

describe('insertManyUnordered answers the rows as the model’s documents', () => {
  /** A model whose collection records what it is asked to insert (the checks run before it). */
  function recordingModel() {
    const inserted: unknown[][] = [];
    const rows = model();
    Object.defineProperty(rows, 'collection', {
      value: { insertMany: (documents: unknown[]) => (inserted.push(documents), Promise.resolve({})) },
    });
    return { rows, inserted };
  }

  it('applies defaults (a function’s too), casts values, keeps nulls and stamps created_at and updated_at', async () => {
    const { rows, inserted } = recordingModel();
    const { documents } = await insertManyUnordered(rows, [
      { name: 'x', detail: { size: '3' }, tags: ['a', 7], note: null },
      { _id: 'given', name: 'y' },
    ]);
    const [first, second] = documents as unknown as Array<Record<string, unknown>>;
    expect(first).to.include({ name: 'x', kind: 'a', note: null });
    expect(first!.detail).to.deep.equal({ size: 3 });
    expect(first!.tags).to.deep.equal(['a', '7']);
    expect(first!._id).to.be.a('string').with.length(36);
    expect(first!.created_at).to.be.an.instanceOf(Date);
    expect(first!.updated_at).to.equal(first!.created_at);
    expect(second).to.include({ _id: 'given', name: 'y', kind: 'a', note: null });
    expect(second!.detail).to.deep.equal({ size: 1 });
    expect(second!.tags).to.deep.equal([]);
    expect(inserted).to.deep.equal([documents]);
  });
});
