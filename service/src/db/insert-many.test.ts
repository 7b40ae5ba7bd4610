import { expect } from 'chai';
import mongoose, { type Model } from 'mongoose';
import { insertManyUnordered } from './insert-many';
import { defineSchema } from './model';

/** A model on a connection never opened: every row here is refused before anything is written. */
function model() {
  const connection = mongoose.createConnection();
  const schema = defineSchema<{ name: string; kind: string; detail: { size: number } }>(
    {
      name: { type: String, required: true },
      kind: { type: String, enum: ['a', 'b'], default: 'a' },
      detail: { size: { type: Number, default: 1 } },
    },
    { collection: 'insert_many_rows' },
  );
  return connection.model('InsertManyRow', schema) as unknown as Model<{ _id: string }>;
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
});
