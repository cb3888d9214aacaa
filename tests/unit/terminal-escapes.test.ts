// What escapeTerminal writes in place of each character a terminal would act on (a scanned name
// with ESC or a bidi override shown to the operator): its code as \xHH, \uHHHH or \u{HHHHH}, so the
// operator sees the character was there; and the line breaks and tabs it keeps. And cleanText
// dropping the invisible format characters from a field.
import { describe, expect, it } from 'vitest';
import { cleanText, escapeTerminal } from '../../src/core/text.js';

describe('escapeTerminal', () => {
  it('C0 and C1 controls and DEL as \\xHH, two hex digits', () => {
    expect(escapeTerminal('\x1b[2J')).toBe('\\x1b[2J');
    expect(escapeTerminal('a\x07b')).toBe('a\\x07b');
    expect(escapeTerminal('\x00')).toBe('\\x00');
    expect(escapeTerminal('\x9b31m')).toBe('\\x9b31m');
    expect(escapeTerminal('\x7f')).toBe('\\x7f');
    expect(escapeTerminal('x\u00ady')).toBe('x\\xady'); // soft hyphen, a format character below U+0100
  });

  it('format characters and separators of the Basic Multilingual Plane as \\uHHHH, four hex digits', () => {
    expect(escapeTerminal('Lan\u202e')).toBe('Lan\\u202e');
    expect(escapeTerminal('\u061cAn')).toBe('\\u061cAn'); // Arabic letter mark: padded to four digits
    expect(escapeTerminal('a\u200bb')).toBe('a\\u200bb');
    expect(escapeTerminal('\u2028')).toBe('\\u2028');
    expect(escapeTerminal('\ufeff')).toBe('\\ufeff');
  });

  it('characters beyond it (tag characters) as \\u{HHHHH}; a lone surrogate as \\uHHHH', () => {
    expect(escapeTerminal('\u{e0041}\u{e007f}')).toBe('\\u{e0041}\\u{e007f}');
    expect(escapeTerminal('a\ud800b')).toBe('a\\ud800b');
  });

  it('keeps line feeds, tabs and a CR before a line feed; escapes any other CR', () => {
    expect(escapeTerminal('a\tb\nc\r\nd\x1b')).toBe('a\tb\nc\r\nd\\x1b');
    expect(escapeTerminal('\n')).toBe('\n');
    expect(escapeTerminal('\t')).toBe('\t');
    expect(escapeTerminal('a\r\n')).toBe('a\r\n');
    expect(escapeTerminal('ab\r')).toBe('ab\\x0d'); // a CR at the end: would move back over the line
    expect(escapeTerminal('ab\rcd')).toBe('ab\\x0dcd');
    expect(escapeTerminal('a\n\rb')).toBe('a\n\\x0db'); // a CR after a line feed, not before one
    expect(escapeTerminal('a\r\rb')).toBe('a\\x0d\\x0db');
  });

  it('another unsafe character before a line feed is still escaped', () => {
    expect(escapeTerminal('\x1b\n')).toBe('\\x1b\n');
    expect(escapeTerminal('\x0b\n\x0c\r\n')).toBe('\\x0b\n\\x0c\r\n');
  });

  it('safe text, Vietnamese included, is unchanged', () => {
    expect(escapeTerminal('Nguyễn Thị Lan, thôn Đồi Dùng 😀 Ā 𐀀')).toBe('Nguyễn Thị Lan, thôn Đồi Dùng 😀 Ā 𐀀');
  });
});

describe('cleanText drops invisible format characters without a trace', () => {
  it('zero-width space, joiners, bidi controls, BOM, soft hyphen: removed, not replaced by a space', () => {
    expect(cleanText('Ng\u200buyễn')).toBe('Nguyễn');
    expect(cleanText('\u202eLan\u202c')).toBe('Lan');
    expect(cleanText('Thị\u00adLan')).toBe('ThịLan');
    expect(cleanText('a\ufeffb\u200dc')).toBe('abc');
  });
});
