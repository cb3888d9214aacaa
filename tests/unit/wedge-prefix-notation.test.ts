// How the operator may write the wedge scanner's prefix (scanner settings, CLI): a control
// character's name (STX, SOH, ETX, RS, GS, any case), caret notation (^B), \xNN escapes, or literal
// text. Literal text that merely contains a caret is kept as typed.
import { describe, expect, it } from 'vitest';
import { parsePrefix } from '../../src/core/scan/wedge.js';

describe('prefix notations', () => {
  it('the named control characters scanners send', () => {
    expect(parsePrefix('STX')).toBe('\x02');
    expect(parsePrefix('SOH')).toBe('\x01');
    expect(parsePrefix('ETX')).toBe('\x03');
    expect(parsePrefix('RS')).toBe('\x1e');
    expect(parsePrefix('GS')).toBe('\x1d');
    expect(parsePrefix('soh')).toBe('\x01');
    expect(parsePrefix('Gs')).toBe('\x1d');
  });

  it('caret notation, one letter or sign after the caret', () => {
    expect(parsePrefix('^A')).toBe('\x01');
    expect(parsePrefix('^b')).toBe('\x02');
    expect(parsePrefix('^]')).toBe('\x1d');
    expect(parsePrefix('^^')).toBe('\x1e');
  });

  it('text with a caret in it that is not caret notation is literal', () => {
    expect(parsePrefix('#^B')).toBe('#^B');
    expect(parsePrefix('^BX')).toBe('^BX');
    expect(parsePrefix('SCAN^B')).toBe('SCAN^B');
    expect(parsePrefix('^')).toBe('^');
  });

  it('\\xNN escapes, alone or among text', () => {
    expect(parsePrefix('\\x1d')).toBe('\x1d');
    expect(parsePrefix('\\x02\\x02')).toBe('\x02\x02');
    expect(parsePrefix('ID\\x3a')).toBe('ID:');
  });
});
