// Percentile by nearest rank: a p outside 0..100 (a figure asked for by a typo or a computed rank)
// gives the extreme value of the list, never a value that is not in it.
import { describe, expect, it } from 'vitest';
import { median, percentile } from '../../src/core/stats.js';

describe('percentile', () => {
  const waits = [7, 3, 12, 5, 9];

  it('by nearest rank over the sorted list, on a copy', () => {
    expect(percentile(waits, 0)).toBe(3);
    expect(percentile(waits, 20)).toBe(3);
    expect(percentile(waits, 21)).toBe(5);
    expect(percentile(waits, 50)).toBe(7);
    expect(percentile(waits, 90)).toBe(12);
    expect(percentile(waits, 100)).toBe(12);
    expect(waits).toEqual([7, 3, 12, 5, 9]);
  });

  it('above 100 it is the largest value, below 0 the smallest', () => {
    expect(percentile(waits, 101)).toBe(12);
    expect(percentile(waits, 250)).toBe(12);
    expect(percentile([4], 1000)).toBe(4);
    expect(percentile(waits, -50)).toBe(3);
  });

  it('an empty list has none', () => {
    expect(percentile([], 90)).toBeUndefined();
    expect(percentile([], 250)).toBeUndefined();
    expect(median([])).toBeUndefined();
  });
});
