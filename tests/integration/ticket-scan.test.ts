// The printed queue ticket carries a barcode the counter's own scanners read back (as met: the app's
// own ticket could not be scanned). The ticket's ESC/POS bytes are decoded back, and the code they
// hold goes through each scanner path: a serial scanner on a real PTY pair, the keyboard wedge's
// burst detection, and the counter screen's router.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../drivers/scanner/serial.js';
import { jobDocument } from '../../src/app/print/jobDocument.js';
import { renderEscPos } from '../../src/core/print/escpos.js';
import { classifyScan } from '../../src/core/scan/classify.js';
import { decidedOnly, WedgeRouter } from '../../src/core/scan/wedge.js';
import type { ScannerState } from '../../src/ports/scanner.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { testDesk } from '../helpers/desk.js';
import { ptyPair, send, until } from '../helpers/serial-pty.js';
import { tempApp } from '../helpers/ui.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** 23/11/2026 08:30 in Vietnam. */
let clock = Date.parse('2026-11-23T01:30:00Z');

function morning() {
  const { app } = tempApp(() => clock);
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'welfare'] }] });
  return app;
}

/** The barcodes on the ticket as the printer receives it, for each paper width. */
function printedCodes(app: ReturnType<typeof morning>, ticketId: number): string[] {
  return (['58', '80'] as const).flatMap((paper) => {
    const doc = jobDocument(app, { kind: 'ticket', ticketId, lang: 'vi' }, { name: 'quay-1', kind: 'file', target: '/dev/null', paper, profile: 'tcvn3', roles: ['tickets'] });
    const d = decodeEscPos(renderEscPos(doc, { paper, profile: 'tcvn3' }));
    expect(d.unknown).toEqual([]);
    expect(d.lines.map((l) => l.text).join('\n')).toContain(app.queueState().tickets.get(ticketId)!.label);
    return d.barcodes;
  });
}

describe('the printed ticket can be scanned', () => {
  it('carries a barcode of its label and day, on 58 and 80 mm paper', () => {
    const app = morning();
    app.issue('civil');
    const { ticket } = app.issue('civil', 'elderly');
    expect(printedCodes(app, ticket.id)).toEqual(['A002.261123', 'A002.261123']);
  });

  it('a serial scanner on a real line reads it as that ticket', async () => {
    const app = morning();
    app.issue('civil');
    const { ticket } = app.issue('civil');
    const [code] = printedCodes(app, ticket.id);
    const dir = mkdtempSync(join(tmpdir(), 'luudong-ticket-scan-'));
    const { app: port, wire, socat } = await ptyPair(dir);
    cleanups.push(() => void socat.kill('SIGKILL'));
    const scans: string[] = [];
    const states: ScannerState[] = [];
    const s = new SerialScanner('quay-1', { path: port, retryMs: 100 });
    cleanups.push(() => s.stop());
    s.start((e) => scans.push(e.text), (st) => states.push(st));
    await until(() => states.includes('connected'));
    send(wire, `${code}\r\n`);
    await until(() => scans.length === 1);
    expect(app.scans.take(scans[0]!, 'quay-1')).toEqual({ kind: 'ticket', label: 'A002' });
  });

  it('a keyboard-wedge scanner typing it is told from typing and read as that ticket', () => {
    const app = morning();
    app.issue('civil');
    const { ticket } = app.issue('civil');
    const [code] = printedCodes(app, ticket.id);
    const w = new WedgeRouter();
    const outs = [...`${code}\r`].flatMap((ch, i) => w.push(ch, 1000 + i * 3));
    const decided = decidedOnly([...outs, ...w.flushIfQuiet(2000)]);
    expect(decided).toEqual([{ kind: 'scan', text: code }]);
    expect(classifyScan(code!, app.data.provinces, '2026-11-23')).toEqual({ kind: 'ticket', label: 'A002' });
  });

  it('on the counter screen, scanning the called ticket starts its service; another day\'s ticket is refused with the reason', () => {
    const app = morning();
    const { ticket } = app.issue('civil');
    const [code] = printedCodes(app, ticket.id);
    expect(code).toBe('A001.261123');
    const d = testDesk(app, 'vi');
    d.press('c');
    expect(app.queueState().currentAt(1)?.label).toBe('A001');
    d.desk.wedgeScan(`${code}\r`, 'wedge');
    expect(app.queueState().currentAt(1)?.status).toBe('serving');

    // Yesterday's ticket A001 is not today's A001.
    d.desk.portScan('A001.261122', 'quay-1');
    expect(d.desk.state.status).toEqual({ kind: 'error', text: 'Phiếu A001 là của ngày 22/11/2026, không phải hôm nay: xin cấp phiếu mới.' });
    // A label typed or scanned without its day is still taken as today's.
    expect(classifyScan('a001', app.data.provinces, '2026-11-23')).toEqual({ kind: 'ticket', label: 'A001' });
  });
});
