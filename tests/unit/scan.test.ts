// Scans as text: what each one is (classifier) and where one ends (framing), from whatever chunks
// the line delivers.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan } from '../../src/core/scan/classify.js';
import { ScanFramer } from '../../src/core/scan/framing.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const kind = (s: string) => classifyScan(s, provinces, TODAY).kind;

describe('scan classifier', () => {
  it('tells an ID card, an old receipt, a ticket, damaged text and anything else apart', () => {
    const c = classifyScan(`\uFEFF${QR}\r\n`, provinces, TODAY);
    expect(c.kind === 'citizen' && c.citizen.fullName).toBe('Nguyễn Thị Hường');
    expect(classifyScan('000.00.20.h26-261123-0001', provinces, TODAY)).toEqual({ kind: 'dossier', code: '000.00.20.H26-261123-0001' });
    expect(classifyScan('a012', provinces, TODAY)).toEqual({ kind: 'ticket', label: 'A012' });
    expect(kind(QR.replace('HƯỜNG', 'H\uFFFDNG'))).toBe('encoding');
    expect(kind('NGUYá»„N')).toBe('encoding');
    expect(kind('8935049501234')).toBe('unknown');
    expect(kind('')).toBe('unknown');
  });

  it('an ID card QR that fails a check says which check', () => {
    const c = classifyScan(QR.replace('15031952', '15031953'), provinces, TODAY);
    expect(c.kind === 'citizenInvalid' && c.error.code).toBe('err.cccd.yearMismatch');
  });
});

describe('scan framing', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('CR, LF and CR LF each end one scan; a letter split across reads arrives whole', () => {
    const f = new ScanFramer({ idleMs: 0, maxBytes: 4096 });
    const bytes = enc('Hường\r\nA012\rB003\n');
    const out: string[] = [];
    // one byte per read: the worst a serial line does
    for (let i = 0; i < bytes.length; i++) out.push(...f.push(bytes.subarray(i, i + 1), i));
    expect(out).toEqual(['Hường', 'A012', 'B003']);
  });

  it('with no terminator, a quiet line ends the scan', () => {
    const f = new ScanFramer({ idleMs: 50, maxBytes: 4096 });
    expect(f.push(enc('A012'), 1000)).toEqual([]);
    expect(f.pendingMs(1020)).toBe(30);
    expect(f.flushIfIdle(1049)).toEqual([]);
    expect(f.flushIfIdle(1050)).toEqual(['A012']);
    expect(f.pendingMs(1060)).toBeNull();
    // the next burst after the quiet time is a new scan
    expect(f.push(enc('B'), 1000)).toEqual([]);
    expect(f.push(enc('7'), 1100)).toEqual(['B']);
  });

  it('a runaway scanner is cut at maxBytes', () => {
    const f = new ScanFramer({ idleMs: 0, maxBytes: 8 });
    expect(f.push(enc('0123456789'), 0)).toEqual(['01234567']);
  });

  it('with idleMs 0 nothing times out: a scan without its line ending waits, with no timer to run', () => {
    const f = new ScanFramer({ idleMs: 0, maxBytes: 4096 });
    expect(f.push(enc('A012'), 1000)).toEqual([]);
    expect(f.pendingMs(1000)).toBeNull();
    expect(f.pendingMs(60_000)).toBeNull();
    expect(f.flushIfIdle(60_000)).toEqual([]);
    expect(f.push(enc('\r'), 60_001)).toEqual(['A012']);
  });
});
