// What the voice is given for a ticket and a number, at the edges: zero, the largest number it
// says, a number it refuses (and says which), tickets of two letters, and labels that are not
// letters-then-digits, which it reads as they are rather than guessing.
import { describe, expect, it } from 'vitest';
import { spokenTicket, vietnameseNumber } from '../../src/core/spoken.js';

describe('numbers said aloud', () => {
  it('says 0 as "không" and 999 999 in full', () => {
    expect(vietnameseNumber(0)).toBe('không');
    expect(vietnameseNumber(999_999)).toBe('chín trăm chín mươi chín nghìn chín trăm chín mươi chín');
  });

  it('refuses a million and a negative number, naming the number', () => {
    expect(() => vietnameseNumber(1_000_000)).toThrow(new RangeError('vietnameseNumber: 1000000'));
    expect(() => vietnameseNumber(-1)).toThrow(new RangeError('vietnameseNumber: -1'));
  });
});

describe('a ticket said aloud', () => {
  it('names every letter of a two-letter ticket and says A000 as "a không"', () => {
    expect(spokenTicket('AB012')).toBe('a bê mười hai');
    expect(spokenTicket('ĐC105')).toBe('đê xê một trăm lẻ năm');
    expect(spokenTicket('A000')).toBe('a không');
  });

  it('reads a label with stray spaces or a line end around it as the ticket it is', () => {
    expect(spokenTicket(' A012 ')).toBe('a mười hai');
    expect(spokenTicket('B007\n')).toBe('bê bảy');
  });

  it('leaves a label unchanged when something comes before the letters or after the digits', () => {
    expect(spokenTicket('1A012')).toBe('1A012');
    expect(spokenTicket('sốA012')).toBe('sốA012');
    expect(spokenTicket('A012B')).toBe('A012B');
    expect(spokenTicket('A012.')).toBe('A012.');
  });
});
