// @ts-nocheck
// A barcode scanner in USB serial mode on a real virtual serial line (a socat PTY pair): ID-card
// payloads with every line ending, a BOM, garbage, a scan split across writes, and the cable pulled
// and put back without a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../drivers/scanner/serial.js';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan } from '../../src/core/scan/classify.js';
import type { ScanEvent, ScannerState } from '../../src/ports/scanner.js';
import { ptyPair, send, until } from '../helpers/serial-pty.js';

const { provinces } = loadDomainData();
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('serial barcode scanner', () => {
  it('reads ID-card payloads with CR, LF, CR LF and a BOM, and tells garbage from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-scan-'));
    const { app, wire, socat } = await ptyPair(dir);
    cleanups.push(() => void socat.kill('SIGKILL'));
    const scans: ScanEvent[] = [];
    const states: ScannerState[] = [];
    const s = new SerialScanner('cong-1', { path: app, retryMs: 100 });
    cleanups.push(() => s.stop());
    s.start((e) => scans.push(e), (st) => states.push(st));
    await until(() => states.includes('connected'));
    send(wire, `${QR}\r`, `${QR}\n`, `${QR}\r\n`, `\uFEFF${QR}\r\n`, '\u00c3\u00a1\u00bb\r\n', 'A012\r');
    // one scan in pieces, cut inside a Vietnamese letter
    const bytes = Buffer.from(`${QR}\r\n`);
    send(wire, bytes.subarray(0, 40), bytes.subarray(40, 41), bytes.subarray(41));
    await until(() => scans.length >= 7);
    const kinds = scans.map((e) => classifyScan(e.text, provinces, '2026-11-23').kind);
    expect(kinds).toEqual(['citizen', 'citizen', 'citizen', 'citizen', 'encoding', 'ticket', 'citizen']);
    expect(scans.every((e) => e.source === 'cong-1')).toBe(true);
  });

  it('unplugged, it says so; plugged back in, it reads again without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-scan-'));
    let pair = await ptyPair(dir);
    const scans: string[] = [];
    const states: ScannerState[] = [];
    const s = new SerialScanner('cong-1', { path: pair.app, retryMs: 100 });
    cleanups.push(() => s.stop());
    s.start((e) => scans.push(e.text), (st) => states.push(st));
    await until(() => states.includes('connected'));
    send(pair.wire, 'A001\r');
    await until(() => scans.length === 1);
    pair.socat.kill('SIGKILL'); // the cable out: both ends of the line vanish
    await until(() => states.includes('disconnected')).catch((e) => {
      throw new Error(`no disconnect seen; states ${states.join(',')}: ${e}`);
    });
    pair = await ptyPair(dir); // the same path comes back
    cleanups.push(() => void pair.socat.kill('SIGKILL'));
    await until(() => states.filter((x) => x === 'connected').length === 2);
    send(pair.wire, 'A002\r');
    await until(() => scans.length === 2);
    expect(scans).toEqual(['A001', 'A002']);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
  }, 20_000);
});
