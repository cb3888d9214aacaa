import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openApp, seedDemo } from '../../src/app/open.js';
import { figuresLines } from '../../src/app/present.js';
import type { DomainData } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import type { TripInput } from '../../src/core/trip.js';
import { translator } from '../../src/i18n/index.js';
import { openDatabase } from '../../src/store/db.js';
import type { Db } from '../../src/store/types.js';
import { refusal } from '../helpers/refusal.js';

const MIN = 60_000;
/** 23/11/2026 07:30 local (TZ=Asia/Ho_Chi_Minh in the test run). */
const T0 = new Date(2026, 10, 23, 7, 30).getTime();
const at = (hh: number, mm: number) => new Date(2026, 10, 23, hh, mm).getTime();

const root = mkdtempSync(join(tmpdir(), 'luudong-app-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data: DomainData = loadDomainData();

let n = 0;
let file: string;
let clock: number;
const open: Db[] = [];

function newApp(f = file, operator: string | null = null): Luudong {
  const db = openDatabase(f);
  open.push(db);
  return new Luudong({ db, data, now: () => clock, file: f, operator });
}

beforeEach(() => {
  file = join(root, `app${++n}.db`);
  clock = T0;
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const tripInput: TripInput = {
  commune: 'Xã Mỹ Đức, Hà Nội',
  place: 'Nhà văn hóa thôn Đồi Dùng',
  date: '2026-11-23',
  start: '07:30',
  end: '11:30',
  operators: ['Nguyễn Thị Lan', 'Trần Văn Hùng'],
  counters: [
    { no: 3, groups: data.groups.map((g) => g.code) },
    { no: 1, groups: ['civil', 'welfare'] },
    { no: 2, groups: ['land'] },
  ],
};

describe('without an open trip', () => {
  const actions: [string, (app: Luudong) => unknown][] = [
    ['issue', (app) => app.issue('civil')],
    ['walkIn', (app) => app.walkIn(1, 'civil')],
    ['callNext', (app) => app.callNext(1)],
    ['recall', (app) => app.recall(1)],
    ['start', (app) => app.start(1)],
    ['finish', (app) => app.finish(1)],
    ['noShow', (app) => app.noShow(1)],
    ['park', (app) => app.park(1)],
    ['resume', (app) => app.resume('A001', 1)],
    ['returnNoShow', (app) => app.returnNoShow('A001')],
    ['transfer by label', (app) => app.transfer({ label: 'A001' }, 'land')],
    ['transfer at a counter', (app) => app.transfer({ counter: 1 }, 'land')],
    ['closeTrip', (app) => app.closeTrip()],
    ['figures', (app) => app.figures()],
    ['waitingLine', (app) => app.waitingLine('civil')],
  ];
  it.each(actions)('%s is refused with err.noOpenTrip', (_name, fn) => {
    const app = newApp();
    expect(app.currentTrip()).toBeUndefined();
    expect(code(() => fn(app))).toBe('err.noOpenTrip');
  });

  it.each(actions)('%s after the trip was closed is refused with err.noOpenTrip', (_name, fn) => {
    const app = newApp();
    app.openTrip(tripInput);
    app.issue('civil');
    app.callNext(1);
    app.park(1);
    app.closeTrip();
    expect(code(() => fn(app))).toBe('err.noOpenTrip');
  });

  it('figures of an unknown trip: err.tripNotFound', () => {
    expect(code(() => newApp().figures(42))).toBe('err.tripNotFound');
  });
});

describe('opening a trip', () => {
  it('stores the cleaned trip with sorted counters', () => {
    const app = newApp();
    const trip = app.openTrip({ ...tripInput, commune: '  Xã  Mỹ Đức, Hà Nội ' });
    expect(trip).toMatchObject({ commune: 'Xã Mỹ Đức, Hà Nội', place: 'Nhà văn hóa thôn Đồi Dùng', openedAt: T0, closedAt: null });
    expect(trip.counters.map((c) => c.no)).toEqual([1, 2, 3]);
    expect(app.currentTrip()).toEqual(trip);
    expect(app.lastTrip()).toEqual(trip);
  });

  it('a second open trip is refused with err.tripAlreadyOpen', () => {
    const app = newApp();
    const trip = app.openTrip(tripInput);
    let err: DomainError | undefined;
    try {
      app.openTrip({ ...tripInput, place: 'Chợ Đục Khê' });
    } catch (e) {
      err = e as DomainError;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err!.code).toBe('err.tripAlreadyOpen');
    expect(err!.params).toEqual({ id: trip.id, place: 'Nhà văn hóa thôn Đồi Dùng' });
    // Also from another connection (another process would see the same).
    expect(code(() => newApp().openTrip(tripInput))).toBe('err.tripAlreadyOpen');
    expect(app.currentTrip()!.id).toBe(trip.id);
    // The refused command left the app usable.
    expect(app.issue('civil').ticket.label).toBe('A001');
  });

  it('refuses counters with unknown groups and bad trips before writing', () => {
    const app = newApp();
    expect(code(() => app.openTrip({ ...tripInput, counters: [{ no: 1, groups: ['civil', 'space'] }] }))).toBe('err.unknownGroup');
    expect(code(() => app.openTrip({ ...tripInput, date: '2026-02-30' }))).toBe('err.tripDate');
    expect(app.currentTrip()).toBeUndefined();
    expect(app.lastTrip()).toBeUndefined();
  });
});

describe('a morning at the counters', () => {
  it('runs issue, call, start, finish, no-show, return, transfer, park, resume, walk-in and close', () => {
    const app = newApp();
    app.openTrip(tripInput);

    clock = at(7, 31);
    const a1 = app.issue('civil');
    // Counters 1 and 3 serve civil and are idle: called at once.
    expect(a1).toMatchObject({ ahead: 0, estimateMs: 0 });
    expect(a1.ticket).toMatchObject({ label: 'A001', status: 'waiting', group: 'civil', issuedAt: clock });
    clock = at(7, 32);
    const a2 = app.issue('civil', 'elderly');
    expect(a2).toMatchObject({ ahead: 0, estimateMs: 0 });
    expect(a2.ticket).toMatchObject({ label: 'A002', priority: 'elderly' });
    clock = at(7, 33);
    expect(app.issue('B')).toMatchObject({ ticket: { label: 'B001', group: 'land' }, ahead: 0, estimateMs: 0 });
    clock = at(7, 34);
    // Counter 1 takes A002, counter 2 B001, counter 3 A001; A003 waits for counter 1's 8 minutes.
    expect(app.issue('civil')).toMatchObject({ ticket: { label: 'A003' }, ahead: 2, estimateMs: 8 * MIN });
    expect(code(() => app.issue('civil', 'vip'))).toBe('err.unknownPriority');
    expect(code(() => app.issue('nope'))).toBe('err.unknownGroup');
    expect(app.waitingLine('civil').map((w) => w.ticket.label)).toEqual(['A002', 'A001', 'A003']);

    clock = at(7, 35);
    expect(app.callNext(1)).toMatchObject({ ticket: { label: 'A002', status: 'called', counter: 1 }, counter: 1 });
    clock = at(7, 36);
    expect(app.start(1).ticket.status).toBe('serving');
    expect(code(() => app.start(1))).toBe('err.alreadyServing');
    clock = at(7, 37);
    expect(app.callNext(2).ticket.label).toBe('B001');
    clock = at(7, 38);
    expect(app.recall(2).ticket.recalls).toBe(1);
    clock = at(7, 40);
    expect(app.noShow(2).ticket).toMatchObject({ label: 'B001', status: 'no_show' });

    clock = at(7, 41);
    const next = app.callNext(1); // finishes A002
    expect(next.ticket.label).toBe('A001');
    expect(app.queueState().tickets.get(a2.ticket.id)!.status).toBe('done');
    clock = at(7, 42);
    app.start(1);
    clock = at(7, 45);
    const moved = app.transfer({ counter: 1 }, 'land');
    expect(moved.ticket).toMatchObject({ label: 'A001', group: 'land', originalGroup: 'civil', status: 'waiting', counter: null });
    expect(code(() => app.finish(1))).toBe('err.counterIdle');

    clock = at(7, 46);
    expect(app.callNext(2).ticket.label).toBe('A001'); // kept its 07:31 arrival
    clock = at(7, 47);
    expect(app.park(2).ticket.status).toBe('parked');
    clock = at(7, 50);
    expect(app.returnNoShow('b001').ticket).toMatchObject({ label: 'B001', status: 'waiting' });
    clock = at(7, 51);
    expect(app.callNext(3).ticket.label).toBe('B001'); // arrived 07:33, before A003
    clock = at(7, 52);
    expect(app.resume('A001', 2).ticket).toMatchObject({ status: 'called', counter: 2 });
    clock = at(7, 53);
    expect(app.finish(2).ticket.status).toBe('done');
    clock = at(7, 55);
    app.finish(3);
    clock = at(7, 56);
    const walk = app.walkIn(1, 'welfare');
    expect(walk.ticket).toMatchObject({ label: 'E001', walkIn: true, status: 'serving', counter: 1 });
    clock = at(8, 0);
    app.finish(1);

    expect(app.waitingLine('civil').map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([['A003', 0, 0]]);

    const f = app.figures();
    expect(f).toMatchObject({ issued: 5, served: 4, noShows: 0, waiting: 1, walkIns: 1, priority: 1 });
    // Waits: A002 3, B001 4, A001 10 minutes. Services: A002 5, A001 1, B001 4, E001 4.
    expect(f.wait).toEqual({ n: 3, medianMs: 4 * MIN, p90Ms: 10 * MIN });
    expect(f.service).toEqual({ n: 4, medianMs: 4 * MIN, p90Ms: 5 * MIN });
    expect(f.byCounter.map((c) => [c.counter, c.served])).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ]);
    const civil = f.byGroup.find((g) => g.group === 'civil')!;
    const land = f.byGroup.find((g) => g.group === 'land')!;
    expect(civil).toMatchObject({ issued: 3, served: 1, waiting: 1 });
    expect(land).toMatchObject({ issued: 1, served: 2, waiting: 0 });
    expect(f.byGroup.map((g) => g.group)).toEqual(data.groups.map((g) => g.code));
    expect(f.arrivalsByHour).toEqual([{ hour: 7, count: 5 }]); // four tickets and the 07:56 walk-in
    for (const line of figuresLines(translator('en'), 'en', f, data.groups, 78)) expect(line.length).toBeLessThanOrEqual(78);

    clock = at(8, 5);
    const closed = app.closeTrip();
    expect(closed.trip.closedAt).toBe(clock);
    // A003, still waiting, is closed not served (a stored event): every other figure as before
    expect(closed.figures).toEqual({ ...f, waiting: 0, unserved: 1, byGroup: f.byGroup.map((g) => (g.group === 'civil' ? { ...g, waiting: 0, unserved: 1 } : g)) });
    const stored = app.tripState(closed.trip);
    expect(stored.byLabel('A003')?.status).toBe('unserved');
    expect(app.currentTrip()).toBeUndefined();
    expect(code(() => app.figures())).toBe('err.noOpenTrip');
    expect(code(() => app.callNext(1))).toBe('err.noOpenTrip');
    expect(app.figures(closed.trip.id)).toEqual(closed.figures);

    // A new trip numbers tickets from 1 again.
    clock = at(13, 30);
    app.openTrip({ ...tripInput, date: '2026-11-24', start: '13:30', end: '16:30' });
    expect(app.issue('civil').ticket.label).toBe('A001');
    expect(app.figures().issued).toBe(1);
    expect(app.figures(closed.trip.id).issued).toBe(5);
  });

  it('another connection folds the same state from the stored events', () => {
    const app = newApp();
    app.openTrip(tripInput);
    app.issue('civil');
    app.issue('civil', 'pregnant');
    clock += MIN;
    app.callNext(1);
    clock += MIN;
    app.start(1);
    const other = newApp();
    expect([...other.queueState().tickets.values()]).toEqual([...app.queueState().tickets.values()]);
    expect(other.queueState().streakAt(1)).toBe(1);
    expect(other.figures()).toEqual(app.figures());
  });

  it('records the acting operator (default: the first on board)', () => {
    const app = newApp();
    app.openTrip(tripInput);
    app.issue('civil');
    app.operator = 'Trần Văn Hùng';
    app.callNext(1);
    const rows = app.db.prepare('SELECT type, operator FROM queue_events ORDER BY id').all();
    expect(rows).toEqual([
      { type: 'issued', operator: 'Nguyễn Thị Lan' },
      { type: 'called', operator: 'Trần Văn Hùng' },
    ]);
    const opened = app.db.prepare('SELECT opened_by FROM trips').get();
    expect(opened).toEqual({ opened_by: 'Nguyễn Thị Lan' });
  });

  it('a no-show returning too late is refused; within the window it keeps its place', () => {
    const app = newApp();
    app.openTrip(tripInput);
    app.issue('civil'); // A001
    app.issue('civil'); // A002
    app.issue('civil'); // A003
    clock += MIN;
    app.callNext(1);
    app.noShow(1);
    clock += 31 * MIN;
    expect(code(() => app.returnNoShow('A001'))).toBe('err.returnTooLate');
    app.callNext(1);
    app.noShow(1); // A002
    clock += 30 * MIN;
    app.returnNoShow('A002');
    expect(app.waitingLine('civil').map((w) => w.ticket.label)).toEqual(['A002', 'A003']);
  });

  it('refuses unknown counters, idle counters and counters without a line', () => {
    const app = newApp();
    app.openTrip(tripInput);
    expect(code(() => app.callNext(9))).toBe('err.unknownCounter');
    expect(code(() => app.recall(9))).toBe('err.unknownCounter');
    expect(code(() => app.transfer({ counter: 9 }, 'land'))).toBe('err.unknownCounter');
    expect(code(() => app.callNext(1))).toBe('err.noneWaiting');
    expect(code(() => app.finish(1))).toBe('err.counterIdle');
    expect(code(() => app.transfer({ counter: 1 }, 'land'))).toBe('err.counterIdle');
    expect(code(() => app.resume('A001', 1))).toBe('err.ticketNotFound');
    app.issue('civil');
    expect(code(() => app.resume('A001', 1))).toBe('err.notParked');
    expect(code(() => app.transfer({ label: 'A001' }, 'civil'))).toBe('err.sameGroup');
  });

  it('a refused command is rolled back whole: no orphan ticket, numbering continues', () => {
    const app = newApp();
    app.openTrip(tripInput);
    app.issue('civil'); // A001
    // Counter 2 serves only land: the walk-in is refused after its ticket row was planned.
    expect(code(() => app.walkIn(2, 'civil'))).toBe('err.counterNotServing');
    expect(app.db.prepare('SELECT label FROM tickets ORDER BY id').all()).toEqual([{ label: 'A001' }]);
    expect(app.issue('civil').ticket.label).toBe('A002');
    expect(app.figures().issued).toBe(2);
  });

  it('figures of the open trip by its id are as fresh as figures()', () => {
    const app = newApp();
    const trip = app.openTrip(tripInput);
    const other = newApp();
    expect(other.currentTrip()!.id).toBe(trip.id);
    app.issue('civil'); // committed by another connection after `other` last looked
    app.issue('land');
    expect(other.figures().issued).toBe(2);
    app.issue('civil');
    expect(other.figures(trip.id).issued).toBe(3);
    expect(other.figures(trip.id)).toEqual(other.figures());
  });

  it('refresh() reports whether anything changed', () => {
    const app = newApp();
    expect(app.refresh()).toBe(false);
    app.openTrip(tripInput);
    expect(app.refresh()).toBe(false); // own commit is already folded
    const rev = app.revision;
    const other = newApp();
    other.issue('land');
    expect(app.refresh()).toBe(true);
    expect(app.revision).toBe(rev + 1);
    expect(app.refresh()).toBe(false);
    expect(app.queueState().tickets.size).toBe(1);
    other.closeTrip();
    expect(app.refresh()).toBe(true);
    expect(app.currentTrip()).toBeUndefined();
    expect(app.queueState().tickets.size).toBe(0);
  });
});

describe('demo', () => {
  it('seedDemo opens a trip at Đồi Dùng with citizens waiting and two counters busy', () => {
    const app = newApp();
    seedDemo(app);
    const trip = app.currentTrip()!;
    expect(trip).toMatchObject({ place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30' });
    expect(trip.counters.map((c) => c.no)).toEqual([1, 2, 3]);
    const s = app.queueState();
    expect([...s.tickets.values()].map((t) => t.label)).toEqual(['A001', 'A002', 'H001', 'B001', 'E001', 'A003', 'H002', 'K001']);
    expect(s.currentAt(1)).toMatchObject({ label: 'A002', status: 'serving' });
    expect(s.currentAt(2)).toBeUndefined();
    expect(s.currentAt(3)).toMatchObject({ label: 'H002', status: 'called' });
    expect(app.figures()).toMatchObject({ issued: 8, waiting: 6, priority: 3, served: 0 });
  });

  it('openApp seeds the demo database only when it creates it', () => {
    const f = join(root, `demo${n}`, 'demo.db');
    const first = openApp({ db: f, demo: true, now: () => clock });
    open.push(first.app.db);
    expect(first.created).toBe(true);
    expect(first.file).toBe(f);
    expect(first.app.figures().issued).toBe(8);
    first.app.issue('civil');
    first.app.db.close();
    const again = openApp({ db: f, demo: true, now: () => clock });
    open.push(again.app.db);
    expect(again.created).toBe(false);
    expect(again.app.figures().issued).toBe(9);
  });
});

describe('data files', () => {
  const dataDir = findDataDir();

  it('finds data/ next to the sources, or LUUDONG_DATA_DIR', () => {
    expect(readFileSync(join(dataDir, 'queue-rules.json'), 'utf8')).toContain('maxPriorityInARow');
    expect(findDataDir({ LUUDONG_DATA_DIR: '/some/where' })).toBe('/some/where');
    expect(data.groups.length).toBeGreaterThan(0);
    expect(data.rules.maxPriorityInARow).toBe(2);
  });

  function copyData(): string {
    const d = join(root, `data${++n}`);
    mkdirSync(d);
    for (const name of readdirSync(dataDir).filter((f) => f.endsWith('.json'))) writeFileSync(join(d, name), readFileSync(join(dataDir, name)));
    return d;
  }

  it('a bad data file is refused naming the file and the path', () => {
    const d = copyData();
    const groups = JSON.parse(readFileSync(join(d, 'service-groups.json'), 'utf8'));
    groups.groups[1].prefix = 'A';
    writeFileSync(join(d, 'service-groups.json'), JSON.stringify(groups));
    const e = refusal(() => loadDomainData(d));
    expect(e.code).toBe('err.data');
    expect(e.params).toMatchObject({ file: join(d, 'service-groups.json'), path: '$.groups' });
  });

  it('broken JSON and a missing file', () => {
    const d = copyData();
    writeFileSync(join(d, 'queue-rules.json'), '{ "maxPriorityInARow": 2,');
    expect(refusal(() => loadDomainData(d))).toMatchObject({ code: 'err.data', params: { path: '$' } });
    rmSync(join(d, 'priority-categories.json'));
    expect(refusal(() => loadDomainData(d)).code).toBe('err.dataMissing');
  });
});
