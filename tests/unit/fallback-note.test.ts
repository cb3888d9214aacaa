// The word that a workstation's job was printed on the hub laptop's printer never takes the place of
// what the action itself said: appended when both fit the status line's row, else said after it.
import { describe, expect, it } from 'vitest';
import { withFallback } from '../../src/ui/fallbackNote.js';

const note = { short: 'printed on the hub’s (quay-chu)', long: 'No printer here for “Queue ticket”: printed on the hub’s (quay-chu).' };

describe('withFallback', () => {
  it('appends the short word to the action’s own when both fit the row, keeping its kind', () => {
    const prev = { kind: 'ok' as const, text: 'Report sent to print.' };
    const r = withFallback(prev, note, 80);
    expect(r.now).toEqual({ kind: 'ok', text: 'Report sent to print. · printed on the hub’s (quay-chu)' });
    expect(r.later).toBeNull();
  });

  it('keeps the action’s words when both do not fit, and says the fallback after them', () => {
    const prev = { kind: 'ok' as const, text: 'Ticket A002 issued: 1 ahead, wait about 8 minutes. General affairs.' };
    const r = withFallback(prev, note, 80);
    expect(r.now).toBe(prev);
    expect(r.later).toEqual({ kind: 'info', text: note.long });
  });

  it('counts the two columns an error is drawn with, at the row’s exact width', () => {
    const text = 'x'.repeat(80 - 3 - [...note.short].length);
    expect(withFallback({ kind: 'ok', text }, note, 80).later).toBeNull();
    expect(withFallback({ kind: 'error', text }, note, 80).later).not.toBeNull();
    expect(withFallback({ kind: 'ok', text: `${text}x` }, note, 80).later).not.toBeNull();
  });

  it('says the fallback alone when nothing was said', () => {
    expect(withFallback(null, note, 80)).toEqual({ now: { kind: 'info', text: note.long }, later: null });
  });
});
