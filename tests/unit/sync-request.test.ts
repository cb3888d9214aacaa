// What a signed request's parts must look like (src/core/sync.ts), as the centre checks them before
// anything else (src/centre/app/requests.ts and ingest.ts): a nonce of 32 lowercase hex digits and a
// SHA-256 of 64, with nothing before or after them; the clock window, and how long nonces are kept so
// that no request can be replayed while its time is still accepted.
import { describe, expect, it } from 'vitest';
import { MAX_SKEW_MS, NONCE, NONCE_KEEP_MS, SHA256_HEX } from '../../src/core/sync.js';

/** n hex digits, all sixteen used. */
const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
/** The same digits with something around them, cut, doubled or in capitals: never accepted. */
const spoiled = (h: string) => [h.slice(1), `${h}0`, `x${h}`, `${h}x`, ` ${h}`, `${h} `, `${h}\n`, `\n${h}`, h.toUpperCase(), `${h}${h}`, 'g'.repeat(h.length), ''];

describe('the parts of a signed request', () => {
  it('a nonce is 32 lowercase hex digits and nothing else', () => {
    expect(NONCE.test(hex(32))).toBe(true);
    expect(NONCE.test('0'.repeat(32))).toBe(true);
    for (const bad of spoiled(hex(32))) expect(NONCE.test(bad), JSON.stringify(bad)).toBe(false);
  });

  it('a SHA-256 (a body, a blob) is 64 lowercase hex digits and nothing else', () => {
    expect(SHA256_HEX.test(hex(64))).toBe(true);
    expect(SHA256_HEX.test('f'.repeat(64))).toBe(true);
    for (const bad of spoiled(hex(64))) expect(SHA256_HEX.test(bad), JSON.stringify(bad)).toBe(false);
  });

  it('a request’s clock may be five minutes off either way; its nonce is kept for the whole ten', () => {
    expect(MAX_SKEW_MS).toBe(5 * 60 * 1000);
    // A request stamped t is accepted from t - 5 min to t + 5 min of the centre's clock: a replay is
    // refused only while the nonce is remembered, so it must be kept at least that long.
    expect(NONCE_KEEP_MS).toBe(10 * 60 * 1000);
    expect(NONCE_KEEP_MS).toBeGreaterThanOrEqual(2 * MAX_SKEW_MS);
  });
});
