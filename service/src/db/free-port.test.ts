import { expect } from 'chai';
import { findFreePort } from './free-port';

describe('findFreePort', () => {
  it('never hands the same port out twice, though the system offers a closed one again', async () => {
    // the system gives a port back soon after it is closed: a few times in 300 asks on Linux
    const ports: number[] = [];
    for (let i = 0; i < 300; i++) {
      ports.push(await findFreePort());
    }
    expect(new Set(ports).size).to.equal(ports.length);
  });
});
