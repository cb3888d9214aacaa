// Printers per host, on a real SQLite file: a job a workstation's desk causes goes to that
// workstation's printer of the role, or to the hub laptop's when it has none (and says so); the
// hub laptop's worker never takes a workstation's jobs, and a workstation's worker takes only its
// own; one workstation cannot end, read or interrupt another's job.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import type { Printer } from '../../src/core/print/printer.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const now = () => new Date(2026, 10, 23, 9, 0).getTime();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'luudong-hosts-')), 'bus.db');
  const open = (workstation: string | null) => {
    const app = new Luudong({ db: openDatabase(file), data, now, operator: 'Lan', file, workstation });
    closers.push(() => app.db.close());
    return app;
  };
  const hub = open(null);
  hub.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  const thermal = (name: string, roles: Printer['roles'], host?: string): Printer => ({ name, kind: 'file', target: join(tmpdir(), name), paper: '80', profile: 'tcvn3', roles, ...(host ? { host } : {}) });
  hub.printing.addPrinter(thermal('ve-may-chu', ['tickets', 'slips']));
  hub.printing.addPrinter(thermal('ve-ban-2', ['tickets'], 'ws-2'));
  return { hub, ws2: open('ws-2'), ws3: open('ws-3') };
}

describe('printers per host', () => {
  it('routes a job to the desk’s own printer, the hub’s when it has none, and says so', () => {
    const { hub, ws2, ws3 } = setup();
    ws2.issue('civil');
    hub.issue('civil');
    ws3.issue('civil');
    expect(hub.printing.jobs().map((j) => [j.ref, j.printer])).toEqual([
      ['A003', 've-may-chu'],
      ['A002', 've-may-chu'],
      ['A001', 've-ban-2'],
    ]);
    expect(ws2.printing.fallbacks()).toEqual([]);
    expect(hub.printing.fallbacks()).toEqual([]);
    expect(ws3.printing.fallbacks()).toEqual([{ kind: 'ticket', printers: ['ve-may-chu'] }]);
    // A slip: ws-2 has no slips printer, so the hub's prints it.
    ws2.printing.print({ kind: 'test', lang: 'vi' }, null);
    expect(hub.printing.jobs(1)[0]).toMatchObject({ kind: 'test', printer: 've-may-chu' });
    expect(ws2.printing.fallbacks()).toEqual([{ kind: 'test', printers: ['ve-may-chu'] }]);
  });

  it('hands each worker only its host’s jobs; a workstation ends, reads and interrupts only its own', () => {
    const { hub, ws2 } = setup();
    ws2.issue('civil');
    hub.issue('civil');
    expect(hub.printing.nextDue()).not.toBeNull();
    expect(hub.printing.nextDueFor('ws-3', 'all')).toBeNull();
    const mine = hub.printing.claim();
    expect(mine).toMatchObject({ ref: 'A002', printer: 've-may-chu' });
    expect(hub.printing.claim()).toBeUndefined();
    expect(hub.printing.claimFor('ws-3', 77, 'all')).toBeUndefined();
    const theirs = hub.printing.claimFor('ws-2', 4242, 'all');
    expect(theirs).toMatchObject({ ref: 'A001', printer: 've-ban-2', worker: '@ws-2:4242', state: 'printing' });
    const id = theirs?.id as number;
    // Another workstation cannot end it, see its printer, or interrupt it; the hub's own job is not a workstation's.
    expect(refusal(() => hub.printing.heldJob('ws-3', id)).code).toBe('err.print.noJob');
    expect(refusal(() => hub.printing.heldJob('ws-2', mine?.id as number)).code).toBe('err.print.noJob');
    expect(refusal(() => hub.printing.printerOf('ws-3', 've-ban-2')).code).toBe('err.print.noPrinter');
    expect(refusal(() => hub.printing.printerOf('ws-2', 've-may-chu')).code).toBe('err.print.noPrinter');
    expect(hub.printing.interruptFor('ws-3', [id])).toEqual([]);
    expect(hub.printing.heldBy('ws-2').map((j) => j.id)).toEqual([id]);
    // The hub laptop's recovery leaves a workstation's held job alone.
    expect(hub.printing.recoverInterrupted(() => false).map((j) => j.id)).not.toContain(id);
    hub.printing.done(hub.printing.heldJob('ws-2', id));
    expect(hub.printing.job(id)).toMatchObject({ state: 'done', worker: null });
    expect(refusal(() => hub.printing.heldJob('ws-2', id)).code).toBe('err.print.noJob');
  });
});
