import { expect } from 'chai';
import { z } from 'zod';
import { generatedAssetId } from './asset-ids';

describe('generatedAssetId', () => {
  const jobId = '5b0f3c1e-8a8e-4a51-9d3e-0d8f6f0f2c11';

  it('is the same for the same job, variation and size, so a retry rewrites the same row', () => {
    expect(generatedAssetId(jobId, 0, '112x112')).to.equal(generatedAssetId(jobId, 0, '112x112'));
  });

  it('differs between variations, sizes and jobs', () => {
    const ids = new Set([
      generatedAssetId(jobId, 0, '112x112'),
      generatedAssetId(jobId, 1, '112x112'),
      generatedAssetId(jobId, 0, '56x56'),
      generatedAssetId('0c9d7a5e-1f7b-4c9e-8a9e-3d2b1c0a9f88', 0, '112x112'),
    ]);
    expect(ids.size).to.equal(4);
  });

  it('is a valid UUID that the API’s id validation accepts', () => {
    const id = generatedAssetId(jobId, 3, '1920x1080');
    expect(z.uuid().safeParse(id).success).to.equal(true);
    expect(id[14]).to.equal('8');
  });
});
