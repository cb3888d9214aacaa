// HID POS Scanned Data reports back into scans: one report, several, a letter split between two,
// buffers with and without the report ID byte, damaged reports, a runaway scan; and a property test
// that whatever text the builder turns into reports, the reassembler gives back exactly.
import { describe, expect, it } from 'vitest';
import { HID_POS_DATA_MAX, HidPosReassembler, hidPosReports, type HidPosScan } from '../../src/core/scan/hidpos.js';

const QR = '001090012345|123456789|Nguyễn Văn An|01011990|Nam|Thôn Đông, Xã Mỹ Đức, Hà Nội|01012021';
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Feed reports in order; the scans they complete. */
function feed(r: HidPosReassembler, reports: Uint8Array[]): HidPosScan[] {
  return reports.map((x) => r.push(x)).filter((s): s is HidPosScan => s !== null);
}

describe('HID POS report layout', () => {
  it('one report: ID, length, AIM identifier, zero-padded data, continuation bit clear', () => {
    const [report, ...rest] = hidPosReports('A012', { symbology: ']C0' });
    expect(rest).toEqual([]);
    expect(report!.length).toBe(64);
    expect([...report!.subarray(0, 9)]).toEqual([0x02, 4, 0x5d, 0x43, 0x30, 0x41, 0x30, 0x31, 0x32]);
    expect(report!.subarray(9).every((b) => b === 0)).toBe(true);
    expect(feed(new HidPosReassembler(), [report!])).toEqual([{ text: 'A012', symbology: ']C0', truncated: false }]);
  });

  it('several reports: 56 data bytes each, the bit set on all but the last', () => {
    const reports = hidPosReports(QR);
    const total = utf8(QR).length;
    expect(reports).toHaveLength(Math.ceil(total / HID_POS_DATA_MAX));
    expect(reports.map((r) => r[1])).toEqual([56, total - 56]);
    expect(reports.map((r) => r[63])).toEqual([1, 0]);
  });
});

describe('HID POS report builder', () => {
  it('refuses an AIM identifier that is not 3 ASCII characters, and a report size outside 1-56', () => {
    for (const symbology of [']Q', ']Q12', '', 'ễQ1', ']Q\u0080']) {
      expect(() => hidPosReports('x', { symbology })).toThrow(new RangeError(`AIM identifier must be 3 ASCII characters: ${symbology}`));
    }
    // (with no text first: a builder that took a size of 0 would otherwise never finish)
    for (const chunk of [0, 57, 1.5, NaN]) expect(() => hidPosReports('', { chunk })).toThrow(new RangeError(`report data size must be 1-56: ${chunk}`));
    for (const chunk of [0, -1, 57, 1.5, NaN]) {
      expect(() => hidPosReports('x', { chunk })).toThrow(new RangeError(`report data size must be 1-56: ${chunk}`));
      expect(() => hidPosReports('xy', { chunk: (i) => (i === 0 ? 1 : chunk) })).toThrow(new RangeError(`report data size must be 1-56: ${chunk}`));
    }
    expect(hidPosReports('x'.repeat(57), { chunk: 56 }).map((r) => r[1])).toEqual([56, 1]);
    expect(hidPosReports('xy', { chunk: 1 }).map((r) => r[1])).toEqual([1, 1]);
  });
});

describe('HID POS reassembly', () => {
  it('a citizen-ID QR whose "ễ" is split between two reports arrives whole, as does the next scan', () => {
    const bytes = utf8(QR);
    const at = utf8(QR.slice(0, QR.indexOf('ễ'))).length; // first byte of the 3-byte letter
    const reports = hidPosReports(QR, { chunk: (i) => (i === 0 ? at + 1 : HID_POS_DATA_MAX) });
    // the first report ends on the letter's lead byte, the second starts with its other two
    expect(reports[0]![5 + at]).toBe(bytes[at]);
    expect([reports[1]![5], reports[1]![6]]).toEqual([bytes[at + 1], bytes[at + 2]]);
    // the scan's symbology is the one its first report gives
    for (const later of reports.slice(1)) later.set(utf8(']Z6'), 2);
    const r = new HidPosReassembler();
    expect(feed(r, [...reports, ...hidPosReports('B003', { symbology: ']C0' })])).toEqual([
      { text: QR, symbology: ']Q1', truncated: false },
      { text: 'B003', symbology: ']C0', truncated: false },
    ]);
  });

  it('reads buffers with the report ID (node-hid) and without it (WebHID), told apart or told', () => {
    const withId = hidPosReports(QR, { chunk: 20 });
    const withoutId = hidPosReports(QR, { chunk: 20, reportId: false });
    expect(withoutId.every((r) => r.length === 63)).toBe(true);
    expect(withoutId.map((r) => [...r])).toEqual(withId.map((r) => [...r.subarray(1)]));
    for (const [opts, reports] of [
      [{}, withId],
      [{}, withoutId],
      [{ reportId: 'present' as const }, withId],
      [{ reportId: 'absent' as const }, withoutId],
    ] as const) {
      expect(feed(new HidPosReassembler(opts), reports).map((s) => s.text)).toEqual([QR]);
    }
    // told the wrong convention, every report is the wrong size: counted, nothing made up
    const wrong = new HidPosReassembler({ reportId: 'absent' });
    expect(feed(wrong, withId)).toEqual([]);
    expect(wrong.counts.malformed).toBe(withId.length);
  });

  it('a bad length byte drops its whole scan, tail included, without throwing; the next scan is intact', () => {
    const r = new HidPosReassembler();
    const broken = hidPosReports(QR, { chunk: 30 });
    broken[1] = Uint8Array.from(broken[1]!);
    broken[1][1] = 57; // more than a report can hold
    expect(broken.length).toBeGreaterThan(2);
    expect(feed(r, [...broken, ...hidPosReports('A012')])).toEqual([{ text: 'A012', symbology: ']Q1', truncated: false }]);
    expect(r.counts.malformed).toBe(1);
    // a short buffer, and a report with another ID on the same interface
    const other = hidPosReports('X')[0]!.slice();
    other[0] = 0x04;
    expect(feed(r, [new Uint8Array(10), other, ...hidPosReports('A013')]).map((s) => s.text)).toEqual(['A013']);
    expect(r.counts).toEqual({ malformed: 2, ignored: 1, truncated: 0 });
  });

  it('a runaway scan is cut at maxBytes on a letter boundary, and the cut is said', () => {
    const r = new HidPosReassembler({ maxBytes: 100 });
    // bytes 99-101 are "ễ": a cut at 100 bytes would split it
    const long = `${'a'.repeat(99)}ễ${'b'.repeat(500)}`;
    expect(feed(r, [...hidPosReports(long), ...hidPosReports('A012')])).toEqual([
      { text: 'a'.repeat(99), symbology: ']Q1', truncated: true },
      { text: 'A012', symbology: ']Q1', truncated: false },
    ]);
    expect(r.counts.truncated).toBe(1);
    expect(feed(r, hidPosReports('c'.repeat(100)))).toEqual([{ text: 'c'.repeat(100), symbology: ']Q1', truncated: false }]);
  });

  it('a scan cut at any byte keeps exactly the letters that end before the cut', () => {
    // Lead bytes at the edges of each UTF-8 length: C2 and DF (2 bytes), E0, E1 and EF (3), F0 and F4 (4).
    const text = 'a\u00a9\u07fa\u0800\u1ec5\uffee\u{10000}\u{10fffd}\u{1f600}b';
    const chars = [...text];
    const size = (s: string) => utf8(s).length;
    expect(chars.map(size)).toEqual([1, 2, 2, 3, 3, 3, 4, 4, 4, 1]);
    expect([...utf8(text)].filter((b) => b >= 0xc0)).toEqual([0xc2, 0xdf, 0xe0, 0xe1, 0xef, 0xf0, 0xf4, 0xf0]);
    for (let max = 1; max <= size(text) + 1; max++) {
      // the oracle: whole letters, one by one, while they fit
      let kept = '';
      for (const c of chars) if (size(kept + c) <= max) kept += c;
      else break;
      const r = new HidPosReassembler({ maxBytes: max });
      const got = feed(r, hidPosReports(text, { chunk: 5 }));
      expect(got, `maxBytes ${max}`).toEqual(kept ? [{ text: kept, symbology: ']Q1', truncated: size(text) > max }] : []);
    }
  });

  it('a byte of the form 110xxxxx at the cut is taken as the start of a letter, even 0xC0 that no letter uses', () => {
    const [report] = hidPosReports('abcd');
    report![5 + 2] = 0xc0;
    expect(feed(new HidPosReassembler({ maxBytes: 3 }), [report!])).toEqual([{ text: 'ab', symbology: ']Q1', truncated: true }]);
    // not cut, the stray byte is shown as what it is: no letter
    expect(feed(new HidPosReassembler(), [report!])).toEqual([{ text: 'ab\ufffdd', symbology: ']Q1', truncated: false }]);
  });

  it('keeps its own copy of each report: a driver that reuses its read buffer does not change a scan half gathered', () => {
    const [first, second] = hidPosReports('x'.repeat(56) + 'yz');
    const r = new HidPosReassembler();
    expect(r.push(first!)).toBeNull();
    first!.fill(0x41, 5, 61);
    expect(r.push(second!)).toEqual({ text: 'x'.repeat(56) + 'yz', symbology: ']Q1', truncated: false });
  });

  it('told the report ID is there, a buffer of another size is malformed, not another report', () => {
    const r = new HidPosReassembler({ reportId: 'present' });
    // without its ID, a report starts with its length byte (3 here), not to be read as a report ID
    const [short] = hidPosReports('abc', { reportId: false });
    expect(short![0]).toBe(3);
    const other = Uint8Array.of(9, ...short!);
    expect(feed(r, [short!, other])).toEqual([]);
    expect(r.counts).toEqual({ malformed: 1, ignored: 1, truncated: 0 });
  });

  it('the AIM identifier loses only the zeros at its end', () => {
    const scan = (symbology: string) => feed(new HidPosReassembler(), hidPosReports('A012', { symbology }))[0]!.symbology;
    expect(scan('\0\0\0')).toBe('');
    expect(scan(']C\0')).toBe(']C');
    expect(scan(']\0\0')).toBe(']');
    expect(scan('\0Q1')).toBe('\0Q1');
    expect(scan(']\0' + '1')).toBe(']\0' + '1');
  });

  it('a trailing line ending is removed; a scan of nothing else is no scan', () => {
    const r = new HidPosReassembler();
    expect(feed(r, hidPosReports('Hường\r\n')).map((s) => s.text)).toEqual(['Hường']);
    expect(feed(r, hidPosReports('A\r\nB\r')).map((s) => s.text)).toEqual(['A\r\nB']);
    expect(feed(r, [...hidPosReports('\r'), ...hidPosReports('')])).toEqual([]);
  });
});

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VIETNAMESE = [...'ĐđƯưƠơĂăÂâÊêÔôỄễỜờỰựỸỹẠạÃãÁáÀàẢả\u0300\u0301\u0303\u0309\u0323'];

/** One random character: ASCII, Vietnamese (precomposed or a combining mark), or any code point. */
function char(r: () => number): string {
  const k = r();
  if (k < 0.35) return String.fromCharCode(Math.floor(r() * 0x80));
  if (k < 0.7) return VIETNAMESE[Math.floor(r() * VIETNAMESE.length)]!;
  let cp = Math.floor(r() * 0x10ffff);
  if (cp >= 0xd800 && cp <= 0xdfff) cp -= 0x800; // a lone surrogate has no UTF-8 form
  return String.fromCodePoint(cp);
}

describe('HID POS property: builder → reassembler gives back the text', () => {
  it('for 5000 random strings, split at random sizes, with or without the report ID', () => {
    const r = rng(0x8c02);
    const reassembler = new HidPosReassembler();
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(r() * 200) }, () => char(r)).join('');
      const reportId = r() < 0.5;
      const reports = hidPosReports(text, { reportId, chunk: () => 1 + Math.floor(r() * HID_POS_DATA_MAX) });
      const expected = text.replace(/[\r\n]+$/, '');
      const got = feed(reassembler, reports).map((s) => s.text);
      expect(got, `case ${n}, report ID ${reportId}`).toEqual(expected ? [expected] : []);
    }
    expect(reassembler.counts).toEqual({ malformed: 0, ignored: 0, truncated: 0 });
  });
});
