import { expect } from 'chai';
import { createStore } from './store';

describe('createStore', () => {
  it('holds a value, replaced by a value or computed from the previous one', () => {
    const store = createStore(1);
    store.set(2);
    expect(store.get()).to.equal(2);
    store.set((previous) => previous * 10);
    expect(store.get()).to.equal(20);
  });

  it('tells each listener of every change, and of nothing when the value stays the same', () => {
    const store = createStore({ count: 0 });
    const seen: number[] = [];
    store.subscribe((value) => seen.push(value.count));
    store.set({ count: 1 });
    store.set((previous) => previous);
    store.set({ count: 2 });
    expect(seen).to.deep.equal([1, 2]);
  });

  it('stops telling a listener once it unsubscribes, even from inside a notification', () => {
    const store = createStore(0);
    const first: number[] = [];
    const second: number[] = [];
    const stopFirst = store.subscribe((value) => {
      first.push(value);
      stopFirst();
    });
    store.subscribe((value) => second.push(value));
    store.set(1);
    store.set(2);
    expect(first).to.deep.equal([1]);
    expect(second).to.deep.equal([1, 2]);
  });
});
