import { expect } from 'chai';
import { designsMade } from './job-lifecycle';
import { progressOf } from './job.presenter';

describe('job progress', () => {
  it('counts a design as made only once every size of it is stored', () => {
    // 4 variations of an emote: 3 files each
    const job = { total_assets: 12, variations: 4 };
    expect(designsMade({ ...job, completed_assets: 0 })).to.equal(0);
    expect(designsMade({ ...job, completed_assets: 5 })).to.equal(1);
    expect(designsMade({ ...job, completed_assets: 6 })).to.equal(2);
    expect(designsMade({ ...job, completed_assets: 12 })).to.equal(4);
  });

  it('reports the percent of files finished, made or failed', () => {
    expect(progressOf({ total_assets: 12, completed_assets: 3, failed_assets: 0, status: 'processing' })).to.equal(25);
    expect(progressOf({ total_assets: 12, completed_assets: 9, failed_assets: 3, status: 'completed' })).to.equal(100);
    expect(progressOf({ total_assets: 0, completed_assets: 0, failed_assets: 0, status: 'queued' })).to.equal(0);
  });
});
