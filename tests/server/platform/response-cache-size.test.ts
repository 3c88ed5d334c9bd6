import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../../server/src/http/response-cache.js';

/** A publication counter that stays put unless `move` is called. */
function fixedCounter(counter = '1') {
  const listeners: ((c: string | null) => void)[] = [];
  return {
    current: () => counter,
    onChange: (listener: (c: string | null) => void) => void listeners.push(listener),
    refresh: async () => {},
    move(next: string) {
      counter = next;
      for (const listener of listeners) listener(next);
    },
  };
}

const answer = (bytes: number) => ({ status: 200, headers: {}, body: Buffer.alloc(bytes, 'a') });

describe('the response cache within its memory', () => {
  it('keeps the most recently used answers within its bytes, and none larger than a quarter of them', () => {
    const cache = new ResponseCache(fixedCounter(), 1000);
    for (const key of ['a', 'b', 'c', 'd']) cache.set('1', key, answer(200));
    expect(cache.get('a')).toBeDefined(); // now the most recently used
    cache.set('1', 'e', answer(200)); // 1000 bytes in all
    cache.set('1', 'f', answer(200)); // one must go: the least recently used, b
    expect(['a', 'b', 'c', 'd', 'e', 'f'].filter((key) => cache.get(key))).toEqual(['a', 'c', 'd', 'e', 'f']);
    cache.set('1', 'big', answer(251));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(5);
  });

  it('counts compressed copies, so older answers make room for them', async () => {
    const cache = new ResponseCache(fixedCounter(), 1000);
    const random = (n: number) => ({
      status: 200,
      headers: {},
      body: Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 251)),
    });
    for (const key of ['a', 'b', 'c', 'd']) cache.set('1', key, random(240));
    const d = cache.get('d')!;
    await cache.encoded(d, 'gzip'); // 960 bytes + a gzip copy of incompressible bytes: over 1000
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBe(d);
  });

  it('forgets everything when the counter moves, and stores nothing made at an older one', () => {
    const counter = fixedCounter();
    const cache = new ResponseCache(counter, 1000);
    cache.set('1', 'a', answer(10));
    counter.move('2');
    expect(cache.get('a')).toBeUndefined();
    cache.set('1', 'b', answer(10));
    expect(cache.size).toBe(0);
  });

  it('stores nothing with 0 bytes (CASEBOOK_RESPONSE_CACHE_MB=0)', async () => {
    const cache = new ResponseCache(fixedCounter(), 0);
    expect(await cache.current()).toBeNull();
    cache.set('1', 'a', answer(10));
    expect(cache.size).toBe(0);
  });
});
