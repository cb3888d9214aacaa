// What the board hands to the voice: the ticket's letter by its Vietnamese name, the number without
// its leading zeros, in the counters' usual sentence.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { callAnnouncement, LETTER_NAME, spokenTicket, vietnameseNumber } from '../../src/core/spoken.js';
import { translator } from '../../src/i18n/index.js';

const vi = translator('vi');

describe('spoken form of a call', () => {
  it('A012 and B007 are called as people say them', () => {
    expect(callAnnouncement(vi, { label: 'A012', counter: 2, recall: false })).toBe('Xin mời công dân có số thứ tự a mười hai đến quầy số hai.');
    expect(callAnnouncement(vi, { label: 'B007', counter: 1, recall: false })).toBe('Xin mời công dân có số thứ tự bê bảy đến quầy số một.');
    expect(callAnnouncement(vi, { label: 'B007', counter: 1, recall: true })).toBe('Xin nhắc lại: xin mời công dân có số thứ tự bê bảy đến quầy số một.');
  });

  it('gives no digit and no leading zero to the voice', () => {
    for (const label of ['A001', 'C010', 'D015', 'E021', 'G105', 'H999', 'K100']) {
      const s = callAnnouncement(vi, { label, counter: 3, recall: false });
      expect(s, label).not.toMatch(/\d/);
      expect(s, label).not.toMatch(/không (mười|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)/);
    }
  });

  it('reads numbers the way an announcer does', () => {
    const cases: [number, string][] = [
      [1, 'một'],
      [7, 'bảy'],
      [10, 'mười'],
      [12, 'mười hai'],
      [15, 'mười lăm'],
      [20, 'hai mươi'],
      [21, 'hai mươi mốt'],
      [24, 'hai mươi bốn'],
      [25, 'hai mươi lăm'],
      [100, 'một trăm'],
      [105, 'một trăm lẻ năm'],
      [110, 'một trăm mười'],
      [111, 'một trăm mười một'],
      [999, 'chín trăm chín mươi chín'],
      [1000, 'một nghìn'],
      [1005, 'một nghìn không trăm lẻ năm'],
      [1012, 'một nghìn không trăm mười hai'],
      [2345, 'hai nghìn ba trăm bốn mươi lăm'],
    ];
    for (const [n, words] of cases) expect(vietnameseNumber(n), String(n)).toBe(words);
    expect(() => vietnameseNumber(-1)).toThrow(RangeError);
    expect(() => vietnameseNumber(1.5)).toThrow(RangeError);
  });

  it('names every ticket letter of the service groups, and keeps D and Đ apart', () => {
    expect(spokenTicket('C003')).toBe('xê ba');
    expect(spokenTicket('D004')).toBe('dê bốn');
    expect(spokenTicket('Đ004')).toBe('đê bốn');
    expect(spokenTicket('G011')).toBe('giê mười một');
    expect(spokenTicket('H020')).toBe('hát hai mươi');
    expect(spokenTicket('K005')).toBe('ca năm');
    for (const c of 'ABCDEGHIKLMNOPQRSTUVXY') expect(LETTER_NAME[c], c).toMatch(/^\p{Ll}[\p{Ll} ]*$/u);
    // Not letters then digits: said as it is rather than guessed at.
    expect(spokenTicket('12')).toBe('12');
  });

  it('says each letter by the name taught in school: the 29 of the Vietnamese alphabet, and F, J, W, Z', () => {
    // A service group may take any capital letter for its tickets (data/config.json): each is called by
    // its name, never left for the voice to spell. The alphabet in its order, as announcers say it.
    const alphabet: [string, string][] = [
      ['A', 'a'], ['Ă', 'á'], ['Â', 'ớ'], ['B', 'bê'], ['C', 'xê'], ['D', 'dê'], ['Đ', 'đê'], ['E', 'e'], ['Ê', 'ê'],
      ['G', 'giê'], ['H', 'hát'], ['I', 'i'], ['K', 'ca'], ['L', 'e lờ'], ['M', 'em mờ'], ['N', 'en nờ'], ['O', 'o'],
      ['Ô', 'ô'], ['Ơ', 'ơ'], ['P', 'pê'], ['Q', 'quy'], ['R', 'e rờ'], ['S', 'ét xì'], ['T', 'tê'], ['U', 'u'],
      ['Ư', 'ư'], ['V', 'vê'], ['X', 'ích xì'], ['Y', 'i dài'],
    ];
    const latin: [string, string][] = [['F', 'ép'], ['J', 'gi'], ['W', 'vê kép'], ['Z', 'dét']];
    expect(alphabet).toHaveLength(29);
    for (const [letter, name] of [...alphabet, ...latin]) expect(spokenTicket(`${letter}007`), letter).toBe(`${name} bảy`);
    // Decomposed input (A + combining breve) is the same letter.
    expect(spokenTicket('A\u0306001')).toBe('á một');
    expect(Object.keys(LETTER_NAME).sort()).toEqual([...alphabet, ...latin].map(([l]) => l).sort());
  });

  // The voice itself: what espeak-ng makes of the text (phonemes), so a change of the sentence that
  // the voice would read badly shows here. Skipped only where espeak-ng is not installed.
  const espeak = spawnSync('espeak-ng', ['--version']).status === 0;
  it.skipIf(!espeak)('espeak-ng reads the spoken form without "không" and with "mười hai"', () => {
    const ph = (text: string) => execFileSync('espeak-ng', ['-v', 'vi', '-q', '-x', '--', text], { encoding: 'utf8' });
    const called = ph(callAnnouncement(vi, { label: 'A012', counter: 2, recall: false }));
    // "không" is x,o#1N: the old text made the voice say "a không mười hai".
    expect(called).not.toMatch(/x,o#?1N/);
    expect(called).toMatch(/'a:1_\| m'y@2j_\| h'a:\d?j/);
    expect(ph('Xin mời công dân có số thứ tự A012 đến quầy số 2.')).toMatch(/x,o#?1N/);
    const b = ph(callAnnouncement(vi, { label: 'B007', counter: 1, recall: false }));
    expect(b).toMatch(/b'e\d_\| _b'a4j/);
    expect(b).not.toMatch(/x,o#?1N/);
  });
});
