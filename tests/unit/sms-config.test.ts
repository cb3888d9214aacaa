// The office's text-message choices (data/sms.json) and their schema check (src/core/sms/config.ts):
// the shipped file passes; each field out of form is refused naming its path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/check.js';
import { checkSmsPolicy, HHMM } from '../../src/core/sms/config.js';

const shipped = JSON.parse(readFileSync(new URL('../../data/sms.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function refused(patch: Record<string, unknown>): { path: string; problem: string } {
  try {
    checkSmsPolicy({ ...shipped, ...patch });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).file).toBe('sms.json');
    return { path: (e as DataError).path, problem: (e as DataError).problem };
  }
  throw new Error(`accepted ${JSON.stringify(patch)}`);
}

describe('data/sms.json', () => {
  it('the shipped file is read as it is written', () => {
    expect(checkSmsPolicy(shipped)).toEqual({
      alphabet: 'ucs2',
      turnNearAhead: 3,
      turnNearMinutes: 45,
      dailyCap: 300,
      reminderDaysBefore: 1,
      reminderFrom: '16:00',
      keepDays: 30,
      mobilePrefixes: shipped.mobilePrefixes,
    });
  });

  it('every limit is taken at its ends and refused just past them', () => {
    const ends = { alphabet: 'gsm7', turnNearAhead: 1, turnNearMinutes: 1, dailyCap: 0, reminderDaysBefore: 0, keepDays: 1, reminderFrom: '00:00', mobilePrefixes: ['010'] };
    expect(checkSmsPolicy({ ...shipped, ...ends })).toEqual(ends);
    const tops = { alphabet: 'ucs2', turnNearAhead: 50, turnNearMinutes: 1440, dailyCap: 100_000, reminderDaysBefore: 14, keepDays: 3650, reminderFrom: '23:59', mobilePrefixes: ['099', '019'] };
    expect(checkSmsPolicy({ ...shipped, ...tops })).toEqual(tops);
    for (const [field, lo, hi] of [
      ['turnNearAhead', 1, 50],
      ['turnNearMinutes', 1, 1440],
      ['dailyCap', 0, 100_000],
      ['reminderDaysBefore', 0, 14],
      ['keepDays', 1, 3650],
    ] as const) {
      for (const v of [lo - 1, hi + 1, 2.5, '3', null]) expect(refused({ [field]: v }), `${field} ${v}`).toEqual({ path: `$.${field}`, problem: `expected a whole number from ${lo} to ${hi}` });
    }
  });

  it('an unknown alphabet, an hour out of form, a bad, repeated or missing prefix are refused', () => {
    expect(refused({ alphabet: 'latin1' })).toEqual({ path: '$.alphabet', problem: 'unknown value "latin1" (expected one of ucs2, gsm7)' });
    for (const h of ['24:00', '7:00', '07:60', '0700', ' 07:00', '07:00 ', '07:000', '07:00 sáng']) expect(refused({ reminderFrom: h }).path, h).toBe('$.reminderFrom');
    expect(refused({ mobilePrefixes: ['032', '32'] })).toMatchObject({ path: '$.mobilePrefixes[1]' });
    expect(refused({ mobilePrefixes: ['0321'] })).toMatchObject({ path: '$.mobilePrefixes[0]' });
    expect(refused({ mobilePrefixes: ['003'] })).toMatchObject({ path: '$.mobilePrefixes[0]' });
    expect(refused({ mobilePrefixes: ['x032'] })).toMatchObject({ path: '$.mobilePrefixes[0]' });
    expect(refused({ mobilePrefixes: ['032', '033', '032'] })).toEqual({ path: '$.mobilePrefixes', problem: 'duplicate prefix "032"' });
    expect(refused({ mobilePrefixes: [] })).toEqual({ path: '$.mobilePrefixes', problem: 'at least one prefix is needed' });
    expect(refused({ mobilePrefixes: '032' })).toEqual({ path: '$.mobilePrefixes', problem: 'expected a list' });
    expect(() => checkSmsPolicy([])).toThrow(DataError);
  });

  it('HH:MM: every minute of the day, nothing else', () => {
    let n = 0;
    for (let h = 0; h < 25; h++) for (let m = 0; m < 61; m++) if (HHMM.test(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)) n++;
    expect(n).toBe(24 * 60);
  });
});
