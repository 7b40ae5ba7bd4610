import { once } from 'node:events';
import { expect } from 'chai';
import { pino } from 'pino';
import { JobWatch } from './job-watch';

const logger = pino({ level: 'silent' });

describe('JobWatch', () => {
  it('renews the lock while the job is wanted, and abandons it once it is cancelled', async () => {
    let touches = 0;
    let wanted = true;
    const watch = new JobWatch({
      intervalMs: 5,
      touch: async () => {
        touches += 1;
        if (touches === 3) {
          wanted = false;
        }
      },
      isStillWanted: async () => wanted,
      logger,
    });
    try {
      await once(watch.signal, 'abort');
      expect(touches).to.be.at.least(3);
      expect(watch.abandoned).to.equal(true);
      expect((watch.signal.reason as Error).message).to.equal('the job was cancelled');
    } finally {
      watch.dispose();
    }
  });

  it('abandons the job when its lock was lost to another worker', async () => {
    const watch = new JobWatch({
      intervalMs: 5,
      touch: async () => {
        throw new Error('job got canceled already');
      },
      isStillWanted: async () => true,
      logger,
    });
    try {
      await once(watch.signal, 'abort');
      expect((watch.signal.reason as Error).message).to.equal('the job lock was lost');
    } finally {
      watch.dispose();
    }
  });

  it('answers an explicit check at once', async () => {
    const watch = new JobWatch({
      intervalMs: 60_000,
      touch: async () => undefined,
      isStillWanted: async () => false,
      logger,
    });
    try {
      expect(await watch.check()).to.equal(false);
      expect(watch.abandoned).to.equal(true);
    } finally {
      watch.dispose();
    }
  });
});
