// The in-memory rate limit store: fixed windows per key, and no memory kept
// for keys whose window ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateLimitStore } from '../../src/server/index.js';

describe('MemoryRateLimitStore', () => {
  it('counts hits per key in windows that start at their first hit', () => {
    let now = 1_000;
    const store = new MemoryRateLimitStore({ now: () => now });
    assert.deepEqual(store.hit('a', 100), { count: 1, resetAt: 1_100 });
    now = 1_050;
    assert.deepEqual(store.hit('a', 100), { count: 2, resetAt: 1_100 });
    assert.deepEqual(store.hit('b', 100), { count: 1, resetAt: 1_150 });
    now = 1_100;
    assert.deepEqual(store.hit('a', 100), { count: 1, resetAt: 1_200 });
  });

  it('forgets the keys whose window ended as others are counted', () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ now: () => now });
    for (let i = 0; i < 10_000; i++) store.hit(`user-${i}`, 60_000);
    assert.equal(store.size, 10_000);
    now = 60_000;
    store.hit('late', 60_000);
    assert.equal(store.size, 1);
  });
});
