// The citizen's rating keypad: the node-hid driver fed by a
// fake HID device behind its interface (no keypad on this machine), and the rating recorded against
// the ticket just finished at that counter, on a real database file, only while the question stands.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { keyboardReport } from '../../src/core/rater.js';
import { HidKeypad } from '../../drivers/rater/hid.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';
import { FakeHidDevice } from '../helpers/fake-hid.js';

const KEY_1 = 0x1e;
const KP_5 = 0x5d;
const up = () => Buffer.from(keyboardReport([]));
const down = (...codes: number[]) => Buffer.from(keyboardReport(codes));

// The decoding of the reports alone: tests/unit/rater.test.ts.
describe('the node-hid keypad driver', () => {
  it('hands answers on, and opens the keypad again after it is unplugged', async () => {
    const devices: FakeHidDevice[] = [];
    let plugged = true;
    const pad = new HidKeypad('quay-1', {
      target: '05ac:0250',
      retryMs: 30,
      open: async (target) => {
        expect(target).toEqual({ vendorId: 0x05ac, productId: 0x0250 });
        if (!plugged) throw new Error('no keyboard interface');
        const d = new FakeHidDevice();
        devices.push(d);
        return d;
      },
    });
    const keys: number[] = [];
    const states: string[] = [];
    pad.start((k) => keys.push(k), (s) => states.push(s));
    await new Promise((r) => setTimeout(r, 10));
    devices[0]!.emit('data', down(KEY_1 + 1));
    devices[0]!.emit('data', up());
    plugged = false;
    devices[0]!.emit('error', new Error('could not read from HID device'));
    await new Promise((r) => setTimeout(r, 80));
    expect(devices).toHaveLength(1);
    plugged = true;
    await new Promise((r) => setTimeout(r, 80));
    expect(devices).toHaveLength(2);
    devices[0]!.emit('data', down(KEY_1)); // the old handle says nothing any more
    devices[1]!.emit('data', down(KP_5));
    await pad.stop();
    expect(keys).toEqual([2, 5]);
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    expect(devices[1]!.closed).toBe(true);
  });
});

describe('a rating from the keypad', () => {
  const data = loadDomainData();
  let clock = new Date(2026, 10, 23, 9, 0).getTime();
  function setup() {
    clock = new Date(2026, 10, 23, 9, 0).getTime();
    const file = join(mkdtempSync(join(tmpdir(), `luudong-rater-${process.pid}-`)), 'bus.db');
    const app = new Luudong({ db: openDatabase(file), data, now: () => clock, operator: 'Lan', file });
    app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }, { no: 2, groups: data.groups.map((g) => g.code) }] });
    return app;
  }
  const ratings = (app: Luudong) => app.db.prepare('SELECT ticket_id AS ticket, score, source FROM ratings ORDER BY ticket_id').all();

  it('records 1-5 against the ticket just finished at its counter while the question stands, and nothing after', () => {
    const app = setup();
    expect(refusal(() => app.raters.add({ name: 'k', target: 'keypad', counter: 1, timeoutS: 30 })).code).toBe('err.rater.target');
    app.raters.add({ name: 'quay-1', target: '05AC:0250', counter: 1, timeoutS: 30 });
    expect(refusal(() => app.raters.add({ name: 'other', target: '05ac:0251', counter: 1, timeoutS: 30 })).code).toBe('err.rater.counterTaken');
    const g = data.groups[0]!.code;
    const a = app.issue(g).ticket;
    const b = app.issue(g).ticket;
    expect(app.raters.pressed(1, 5)).toBeUndefined(); // nothing finished yet
    app.callNext(1);
    app.finish(1);
    expect(app.raters.question(1)?.id).toBe(a.id);
    expect(app.raters.question(2)).toBeUndefined(); // no keypad there
    clock += 10_000;
    expect(app.raters.pressed(1, 4)?.id).toBe(a.id);
    expect(app.raters.question(1)).toBeUndefined(); // answered: the board takes the question down
    expect(app.raters.pressed(1, 1)).toBeUndefined(); // a second press changes nothing
    app.callNext(1);
    app.finish(1);
    clock += 31_000; // the citizen walked away: a later press is not theirs
    expect(app.raters.pressed(1, 2)).toBeUndefined();
    expect(ratings(app)).toEqual([{ ticket: a.id, score: 4, source: 'keypad' }]);
    // The operator's E key still rates, marked as the operator's.
    app.dossiers.rate(3, { label: b.label });
    expect(ratings(app)).toEqual([
      { ticket: a.id, score: 4, source: 'keypad' },
      { ticket: b.id, score: 3, source: 'operator' },
    ]);
    app.db.close();
  });
});
