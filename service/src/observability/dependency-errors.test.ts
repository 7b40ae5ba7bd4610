import { expect } from 'chai';
import { unavailableDependencyOf } from './dependency-errors';

/** Node's error for a write to a socket whose other side has ended, raised from the given frames. */
function socketEndedError(frames: string[]): Error {
  const error = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
  error.stack = [`Error: ${error.message}`, '    at Socket.writeAfterFIN [as write] (node:net:566:14)', ...frames].join(
    '\n',
  );
  return error;
}

describe('errors that mean a dependency is out of reach', () => {
  it('recognises the driver’s network errors and mongoose giving up while disconnected', () => {
    const network = Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
    const buffering = Object.assign(new Error('Operation `brand_kits.insertOne()` buffering timed out after 10000ms'), {
      name: 'MongooseError',
    });
    expect(unavailableDependencyOf(network)).to.equal('mongodb');
    expect(unavailableDependencyOf(buffering)).to.equal('mongodb');
  });

  it('recognises a write to a MongoDB socket the server has just closed, which the driver passes on unwrapped', () => {
    // as logged when the embedded MongoDB stopped under writes (test/reliability/faults/mongo-outage)
    const fromDriver = socketEndedError([
      '    at Connection.writeCommand (/app/node_modules/mongodb/src/cmap/connection.ts:722:23)',
      '    at async Connection.sendWire (/app/node_modules/mongodb/src/cmap/connection.ts:468:7)',
    ]);
    expect(unavailableDependencyOf(fromDriver)).to.equal('mongodb');
  });

  it('leaves a broken socket elsewhere, and any other error, to be a 500', () => {
    const elsewhere = socketEndedError(['    at writeAnswer (/app/service/src/somewhere.ts:10:5)']);
    const notNetwork = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    notNetwork.stack = `${notNetwork.stack ?? ''}\n    at x (/app/node_modules/mongodb/src/x.ts:1:1)`;
    expect(unavailableDependencyOf(elsewhere)).to.equal(null);
    expect(unavailableDependencyOf(notNetwork)).to.equal(null);
    expect(unavailableDependencyOf(new TypeError('x is undefined'))).to.equal(null);
  });
});
