// The text of the two errors the core raises, as it reaches a log, a crash report or the person
// installing a data file: a data file's schema problem (file, JSON path, what is wrong) and a domain
// refusal (its catalogue key and parameters, for logs that are not translated).
import { describe, expect, it } from 'vitest';
import { Checker, DataError } from '../../src/core/check.js';
import { DomainError } from '../../src/core/errors.js';
import { dataError } from '../helpers/refusal.js';

describe('DataError: a data file that does not match its schema', () => {
  const c = new Checker('data/offices.json');

  it('names the file, the path of the bad field and the problem, and says it is a data error', () => {
    const e = dataError(() => c.obj([], 'offices[0]'));
    expect(e.name).toBe('DataError');
    expect(e.message).toBe('data/offices.json: offices[0]: expected an object');
    expect(String(e)).toBe('DataError: data/offices.json: offices[0]: expected an object');
    expect([e.file, e.path, e.problem]).toEqual(['data/offices.json', 'offices[0]', 'expected an object']);
    expect(dataError(() => c.obj(null, 'offices[1]')).problem).toBe('expected an object');
  });

  it('each check says what it expected', () => {
    expect(dataError(() => c.str('  ', 'offices[0].code')).message).toBe('data/offices.json: offices[0].code: expected a non-empty text');
    expect(dataError(() => c.str(12, 'offices[0].code')).problem).toBe('expected a non-empty text');
    expect(dataError(() => c.str('ab-1', 'offices[0].code', /^[A-Z]{2}$/)).message).toBe('data/offices.json: offices[0].code: "ab-1" does not match /^[A-Z]{2}$/');
    expect(dataError(() => c.bool('yes', 'offices[0].active')).message).toBe('data/offices.json: offices[0].active: expected true or false');
    expect(dataError(() => c.arr({}, 'offices')).problem).toBe('expected a list');
  });

  it('good values pass through (text in NFC)', () => {
    expect(c.str('Xã Mỹ Đức'.normalize('NFD'), 'p')).toBe('Xã Mỹ Đức');
    expect(c.str('AB', 'p', /^[A-Z]{2}$/)).toBe('AB');
    expect(c.bool(false, 'p')).toBe(false);
    expect(c.obj({ a: 1 }, 'p')).toEqual({ a: 1 });
  });
});

describe('DomainError: a refusal by a domain rule', () => {
  it('its message is the catalogue key, then its parameters as JSON after one space', () => {
    const e = new DomainError('err.tripDate', { value: '2026-02-30' });
    expect(e.name).toBe('DomainError');
    expect(e.message).toBe('err.tripDate {"value":"2026-02-30"}');
    expect(String(e)).toBe('DomainError: err.tripDate {"value":"2026-02-30"}');
  });

  it('without parameters, the message is the key alone', () => {
    const e = new DomainError('err.tripCommune');
    expect(e.message).toBe('err.tripCommune');
    expect(e.params).toEqual({});
    expect(new DomainError('err.tripCommune', {}).message).toBe('err.tripCommune');
  });
});
