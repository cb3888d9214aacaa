// The fleet report by procedure and by field reads a vehicle's months (migration 6, fig_proc_months)
// for the whole months of a period and the rows by day and trip for the days at its edges. Checked
// on a real PostgreSQL database against the same report taken straight from the raw rows (dossiers
// and tickets, no summary table): three vehicles over four months of generated trips, sent through
// the ingest as vehicles send them, some sent again (a trip moved to another month, dossiers that
// moved on, results from the commune office), for periods of whole months, parts of months and
// both, of the fleet, one vehicle and one commune. Then the table as kept by ingest is the one migration 6 backfills and the bench's
// rebuild makes; and a wrong row in it changes the report (so the report does read it).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Centre } from '../../src/centre/app/centre.js';
import { ingestDossiers, ingestTrip } from '../../src/centre/app/ingest.js';
import { fleetReport } from '../../src/centre/app/report.js';
import { ackUpdates, deliverUpdates, importOfficeUpdates } from '../../src/centre/app/updates.js';
import { addVehicle } from '../../src/centre/app/vehicles.js';
import { buildFleetReport, splitByMonths, sumCounts, type FleetQuery, type FleetReport, type RowCounts } from '../../src/centre/core/figures.js';
import type { Vehicle } from '../../src/centre/store/vehicles.js';
import { FigureRepo } from '../../src/centre/store/figures.js';
import { CENTRE_MIGRATIONS } from '../../src/centre/store/migrations.js';
import { procedureKey } from '../../src/core/receipt.js';
import { translator } from '../../src/i18n/index.js';
import { data } from '../helpers/centre.js';
import { clusterLog, freshDatabase } from '../helpers/pg.js';

const t = translator('vi');
/** The centre's "today": in the middle of the data, so a period running past it counts overdue at today. */
const TODAY = '2026-03-20';
const NOW = Date.parse(`${TODAY}T03:00:00Z`); // 10:00 in Vietnam

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s + 0x6d2b79f5) >>> 0), (((s ^ (s >>> 15)) * (1 | s)) >>> 0) / 2 ** 32);
}
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const DAY0 = (day: string) => Date.parse(`${day}T00:30:00Z`); // 07:30 in Vietnam
const communeName = (v: number, k: number) => `Xã Thử ${v}-${k}`;
// a dozen procedures of five fields, some with fees
const PROCS = data.procedures.filter((p, i) => i % 4 === 0).slice(0, 12);
const PATHS = {
  received: ['received'],
  handed_over: ['received', 'handed_over'],
  processing: ['received', 'handed_over', 'processing'],
  supplement_requested: ['received', 'supplement_requested'],
  result_ready: ['received', 'handed_over', 'result_ready'],
  returned: ['received', 'handed_over', 'result_ready', 'returned'],
  refused: ['received', 'handed_over', 'refused'],
  cancelled: ['received', 'cancelled'],
} as const;
type State = keyof typeof PATHS;

interface Trip {
  v: number;
  no: number;
  day: string;
  commune: string;
}

/** A trip's records as a vehicle sends them: tickets waiting from seconds to most of an hour, some never called, some rated. */
function tripPayload(x: Trip, seed: number) {
  const r = rng(seed);
  const tickets = [];
  const events = [];
  const ratings = [];
  let id = 0;
  const n = 12 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) {
    const tk = i + 1;
    const g = data.groups[i % data.groups.length] as (typeof data.groups)[number];
    tickets.push({ id: tk, label: `${g.prefix}${String(i + 1).padStart(3, '0')}` });
    const at = DAY0(x.day) + i * 300_000;
    events.push({ id: ++id, ticket: tk, type: 'issued', at, counter: null, group: g.code, priority: null });
    if (r() < 0.9) {
      const u = r();
      const wait = Math.round(u < 0.3 ? r() * 100_000 : u < 0.7 ? 100_000 + r() * 500_000 : 600_000 + r() * 2_400_000);
      events.push({ id: ++id, ticket: tk, type: 'called', at: at + wait, counter: 1, group: null, priority: null });
      events.push({ id: ++id, ticket: tk, type: 'started', at: at + wait + 5_000, counter: 1, group: null, priority: null });
      events.push({ id: ++id, ticket: tk, type: 'finished', at: at + wait + 240_000, counter: 1, group: null, priority: null });
      if (r() < 0.6) ratings.push({ ticket: tk, score: 1 + Math.floor(r() * 5) });
    }
  }
  events.sort((a, b) => a.at - b.at || a.id - b.id);
  events.forEach((e, i) => (e.id = i + 1));
  const payload = {
    trip: { id: x.no, commune: x.commune, place: 'Nhà văn hóa', date: x.day, start: '07:30', end: '11:30', openedAt: DAY0(x.day), closedAt: DAY0(x.day) + 4 * 3_600_000 },
    tickets,
    events,
    help: [{ kind: 'vneid', n: 1 + (x.no % 4) }],
    ratings,
  };
  return { payload, tickets: n };
}

/** A trip's dossiers: most on a ticket (some tickets with two procedures), a few on none or on no trip. */
function dossiersOf(x: Trip, tickets: number, seed: number, seq: { n: number }, state?: (i: number) => State) {
  const r = rng(seed);
  const out = [];
  const count = 6 + Math.floor(r() * 10);
  for (let i = 0; i < count; i++) {
    const p = PROCS[Math.floor(r() * r() * PROCS.length)] as (typeof PROCS)[number];
    const onTrip = r() < 0.95;
    const ticket = onTrip && r() < 0.85 ? 1 + Math.floor(r() * tickets) : null;
    const u = r();
    const s: State = state?.(i) ?? (u < 0.35 ? 'returned' : u < 0.5 ? 'result_ready' : u < 0.6 ? 'handed_over' : u < 0.68 ? 'processing' : u < 0.74 ? 'supplement_requested' : u < 0.8 ? 'received' : u < 0.9 ? 'refused' : 'cancelled');
    const at = DAY0(x.day) + i * 120_000;
    const due = addDays(x.day, 3 + Math.floor(r() * 40));
    const path = PATHS[s];
    const resultOn = ['returned', 'result_ready', 'refused'].includes(s) ? addDays(due, Math.floor(r() * 9) - 6) : null;
    const fee = r() < 0.5 ? 0 : 10_000 * (1 + Math.floor(r() * 8));
    const payment = fee === 0 ? 'exempt' : (['cash', 'bank_qr', 'online'] as const)[Math.floor(r() * 3)];
    seq.n++;
    out.push({
      code: `000.00.20.H26-${x.day.replace(/-/g, '').slice(2)}-${String(seq.n).padStart(4, '0')}`,
      trip: onTrip ? x.no : null,
      commune: onTrip ? x.commune : null,
      ticket,
      receivedOn: x.day,
      receivedAt: at,
      dueDate: due,
      procedure: { key: procedureKey(p), code: p.code ?? null, name: p.name, field: p.field, group: p.group },
      feeVnd: fee,
      payment,
      returnMethod: 'next_visit',
      state: s,
      stateAt: at + (path.length - 1) * 86_400_000,
      resultOn,
      events: path.map((to, k) => ({ at: at + k * 86_400_000, from: k ? path[k - 1] : null, to })),
    });
  }
  return out;
}

const OPEN = "('received','handed_over','processing','supplement_requested')";
const RESULT = "('result_ready','returned','refused')";

/**
 * The report as it would be counted from the raw rows, with no summary table: dossiers by day of
 * receipt, a ticket's wait and rating under each procedure its dossiers name (by the trip's day),
 * the total's waits, ratings and help over every ticket and trip of the period.
 */
async function fromRaw(c: Centre, q: FleetQuery): Promise<FleetReport> {
  const col = q.by === 'procedure' ? 'procedure_key' : 'field';
  const asOf = q.to < TODAY ? q.to : TODAY;
  const vid = q.vehicle ? ((await c.pool.query<{ id: number }>('SELECT id FROM vehicles WHERE name = $1', [q.vehicle])).rows[0]?.id ?? null) : null;
  const cid = q.commune ? ((await c.pool.query<{ id: number }>('SELECT id FROM communes WHERE name = $1', [q.commune])).rows[0]?.id ?? -1) : null;
  const p = [q.from, q.to, vid, cid];
  const only = (a: string) => `($3::int IS NULL OR ${a}.vehicle_id = $3) AND ($4::int IS NULL OR ${a}.commune_id = $4)`;
  const rows = new Map<string, RowCounts>();
  const at = (key: string) =>
    rows.get(key) ??
    (rows.set(key, { key, label: key, dossiers: 0, withResult: 0, onTime: 0, overdue: 0, feesCollectedVnd: 0, feesAwaitingVnd: 0, waits: [], help: [], ratings: [0, 0, 0, 0, 0] }).get(key) as RowCounts);
  const d = await c.pool.query(
    `SELECT ${col} AS key, count(*) FILTER (WHERE state <> 'cancelled')::int AS n,
            count(*) FILTER (WHERE state IN ${RESULT} AND result_on IS NOT NULL)::int AS with_result,
            count(*) FILTER (WHERE state IN ${RESULT} AND result_on <= due_date)::int AS on_time,
            count(*) FILTER (WHERE state IN ${OPEN} AND due_date < $5::date)::int AS overdue,
            coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'cash' OR (payment = 'bank_qr' AND paid_at IS NOT NULL))), 0)::int AS collected,
            coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'online' OR (payment = 'bank_qr' AND paid_at IS NULL))), 0)::int AS awaiting
     FROM dossiers d WHERE received_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR d.vehicle_id = $3) AND ($4::int IS NULL OR coalesce(d.commune_id, 0) = $4) GROUP BY 1`,
    [...p, asOf],
  );
  for (const r of d.rows) Object.assign(at(r.key), { dossiers: r.n, withResult: r.with_result, onTime: r.on_time, overdue: r.overdue, feesCollectedVnd: r.collected, feesAwaitingVnd: r.awaiting });
  const perProc = `FROM tickets t JOIN (SELECT DISTINCT vehicle_id, trip_no, ticket_no, procedure_key, field FROM dossiers WHERE ticket_no IS NOT NULL AND trip_no IS NOT NULL) p
                     USING (vehicle_id, trip_no, ticket_no) WHERE t.day BETWEEN $1 AND $2 AND ${only('t')}`;
  for (const r of (await c.pool.query(`SELECT ${col} AS key, centre_wait_s(wait_ms) AS s, count(*)::int AS n ${perProc} AND wait_ms IS NOT NULL GROUP BY 1, 2`, p)).rows) at(r.key).waits.push({ seconds: r.s, n: r.n });
  for (const r of (await c.pool.query(`SELECT ${col} AS key, rating, count(*)::int AS n ${perProc} AND rating IS NOT NULL GROUP BY 1, 2`, p)).rows) (at(r.key).ratings[r.rating - 1] as number) += r.n;
  const summed = sumCounts('total', '', [...rows.values()]);
  const waits = await c.pool.query(`SELECT centre_wait_s(wait_ms) AS s, count(*)::int AS n FROM tickets t WHERE day BETWEEN $1 AND $2 AND ${only('t')} AND wait_ms IS NOT NULL GROUP BY 1`, p);
  const ratings = await c.pool.query(`SELECT rating, count(*)::int AS n FROM tickets t WHERE day BETWEEN $1 AND $2 AND ${only('t')} AND rating IS NOT NULL GROUP BY 1`, p);
  const help = await c.pool.query(`SELECT kind, sum(n)::int AS n FROM help h JOIN trips w USING (vehicle_id, trip_no) WHERE w.day BETWEEN $1 AND $2 AND ${only('w')} GROUP BY 1`, p);
  const total: RowCounts = {
    ...summed,
    waits: waits.rows.map((r) => ({ seconds: r.s, n: r.n })),
    ratings: [1, 2, 3, 4, 5].map((s) => ratings.rows.find((r) => r.rating === s)?.n ?? 0),
    help: help.rows.map((r) => ({ kind: r.kind, n: r.n })),
  };
  return buildFleetReport(q, [...rows.values()], total);
}

/** A report's figures by key, without the labels (names from the catalogue, and the order they give). */
const figures = (r: FleetReport) => ({ rows: Object.fromEntries(r.rows.map(({ label: _, ...x }) => [x.key, x])), total: { ...r.total, label: '' } });

describe('the report by procedure and field from the months (migration 6)', () => {
  let url: string;
  let c: Centre;
  const vehicles: Vehicle[] = [];
  const trips: Trip[] = [];
  const sent: (ReturnType<typeof dossiersOf>[number] & { vehicle: number })[] = [];

  beforeAll(async () => {
    url = await freshDatabase('months');
    c = await Centre.open(url, data, { now: () => NOW, poolSize: 4 });
    for (let v = 1; v <= 3; v++) vehicles.push((await addVehicle(c, `Xe 0${v}`)).vehicle);
    // every third or fourth day from 5 January to the end of April, each at one of three communes
    for (const [i, veh] of vehicles.entries()) {
      const v = i + 1;
      const seq = { n: 0 };
      let day = addDays('2026-01-05', v);
      for (let no = 1; day <= '2026-04-30'; no++, day = addDays(day, 3 + ((no + v) % 2))) {
        const x = { v, no, day, commune: communeName(v, no % 3) };
        trips.push(x);
        const { payload, tickets } = tripPayload(x, v * 1000 + no);
        await ingestTrip(c, veh, payload);
        const list = dossiersOf(x, tickets, v * 7000 + no, seq);
        sent.push(...list.map((d) => ({ ...d, vehicle: v })));
        await ingestDossiers(c, veh, { dossiers: list });
      }
      // dossiers received with no trip at all (sent from the office)
      await ingestDossiers(c, veh, { dossiers: dossiersOf({ v, no: 0, day: '2026-02-27', commune: communeName(v, 0) }, 1, v, seq).map((d) => ({ ...d, trip: null, commune: null, ticket: null })) });
    }
    // Sent again: Xe 01's last trip of January moved into February with other tickets and more
    // dossiers (a trip resent replaces the one stored; its first dossiers now name its new tickets),
    // and Xe 02's March dossiers moved on (results, late or on time), as a later sync sends them.
    const moved = trips.filter((x) => x.v === 1 && x.day < '2026-02-01').at(-1) as Trip;
    const again = { ...moved, day: '2026-02-02' };
    const { payload, tickets } = tripPayload(again, 424242);
    await ingestTrip(c, vehicles[0] as Vehicle, payload);
    await ingestDossiers(c, vehicles[0] as Vehicle, { dossiers: dossiersOf(again, tickets, 99, { n: 900 }) });
    const onward = { received: 'handed_over', handed_over: 'result_ready', processing: 'result_ready', supplement_requested: 'processing', result_ready: 'returned' } as Record<string, State>;
    const later = sent
      .filter((d) => d.vehicle === 2 && d.receivedOn >= '2026-03-01' && d.receivedOn < '2026-04-01' && onward[d.state])
      .map(({ vehicle: _, ...d }, i) => {
        const to = onward[d.state] as State;
        const at = d.stateAt + 86_400_000;
        return { ...d, state: to, stateAt: at, resultOn: to === 'result_ready' ? addDays(d.dueDate, (i % 5) - 2) : d.resultOn, events: [...d.events, { at, from: d.state, to }] };
      });
    expect(later.length).toBeGreaterThan(5);
    await ingestDossiers(c, vehicles[1] as Vehicle, { dossiers: later });
    // and the commune office's results for some of Xe 03's February dossiers, imported at the centre
    // and applied by the vehicle (its answer moves the centre's copy on)
    const codes = new Map<string, number>();
    for (const d of sent) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    const results = sent.filter((d) => d.vehicle === 3 && d.receivedOn.startsWith('2026-02') && ['handed_over', 'processing'].includes(d.state) && codes.get(d.code) === 1).slice(0, 6);
    expect(results.length).toBeGreaterThan(2);
    const csv = `code,status,date\n${results.map((d) => `${d.code},result_ready,2026-03-05`).join('\n')}\n`;
    expect((await importOfficeUpdates(c, Buffer.from(csv), { apply: true })).problems).toEqual([]);
    const delivered = await deliverUpdates(c, vehicles[2] as Vehicle);
    expect(delivered.map((u) => u.code).sort()).toEqual(results.map((d) => d.code).sort());
    expect(await ackUpdates(c, vehicles[2] as Vehicle, { outcomes: delivered.map((u) => ({ id: u.id, outcome: 'applied' })) })).toBe(results.length);
  }, 240_000);

  afterAll(async () => {
    await c?.close();
  });

  const periods: [string, string][] = [
    ['2026-01-01', '2026-12-31'], // whole months only, the last ones empty; overdue at today
    ['2026-01-01', '2026-04-30'],
    ['2026-02-01', '2026-02-28'], // one whole month
    ['2026-01-15', '2026-03-10'], // edges on both sides of a whole month
    ['2026-01-20', '2026-03-31'], // an edge before
    ['2026-02-01', '2026-04-07'], // an edge after
    ['2026-02-03', '2026-02-20'], // inside a month: all edges
    ['2026-01-31', '2026-02-01'], // across a month's end: all edges
    ['2026-03-02', '2026-03-02'], // one day
  ];

  it('cuts a period into whole months and days at its edges', () => {
    expect(splitByMonths('2026-01-01', '2026-12-31')).toEqual({ months: { first: '2026-01-01', last: '2026-12-01' }, edges: [] });
    expect(splitByMonths('2026-01-15', '2026-03-10')).toEqual({ months: { first: '2026-02-01', last: '2026-02-01' }, edges: [{ from: '2026-01-15', to: '2026-01-31' }, { from: '2026-03-01', to: '2026-03-10' }] });
    expect(splitByMonths('2026-01-20', '2026-03-31')).toEqual({ months: { first: '2026-02-01', last: '2026-03-01' }, edges: [{ from: '2026-01-20', to: '2026-01-31' }] });
    expect(splitByMonths('2024-02-01', '2024-02-29')).toEqual({ months: { first: '2024-02-01', last: '2024-02-01' }, edges: [] });
    expect(splitByMonths('2025-12-01', '2026-01-30')).toEqual({ months: { first: '2025-12-01', last: '2025-12-01' }, edges: [{ from: '2026-01-01', to: '2026-01-30' }] });
    expect(splitByMonths('2026-02-03', '2026-02-20')).toEqual({ months: null, edges: [{ from: '2026-02-03', to: '2026-02-20' }] });
    expect(splitByMonths('2026-01-31', '2026-02-01')).toEqual({ months: null, edges: [{ from: '2026-01-31', to: '2026-02-01' }] });
    expect(splitByMonths('2026-03-01', '2026-03-01')).toEqual({ months: null, edges: [{ from: '2026-03-01', to: '2026-03-01' }] });
  });

  it('says what the raw rows say, for every period, by procedure and by field, of the fleet, a vehicle and a commune', async () => {
    const { rows } = await c.pool.query<{ n: number; months: number }>('SELECT count(*)::int AS n, count(DISTINCT month)::int AS months FROM fig_proc_months');
    expect(rows[0]).toEqual({ n: expect.any(Number), months: 4 });
    let compared = 0;
    for (const [from, to] of periods) {
      for (const by of ['procedure', 'field'] as const) {
        for (const only of [{}, { vehicle: 'Xe 01' }, { vehicle: 'Xe 03' }, { commune: communeName(2, 1) }]) {
          const q: FleetQuery = { by, from, to, ...only };
          const got = await fleetReport(c, q, t, 'vi');
          const want = await fromRaw(c, q);
          expect(figures(got), JSON.stringify(q)).toEqual(figures(want));
          compared += got.rows.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
    // and they are figures worth comparing: overdue, late results, fees of both kinds, waits of every range
    const year = await fleetReport(c, { by: 'procedure', from: '2026-01-01', to: '2026-12-31' }, t, 'vi');
    expect(year.rows.length).toBeGreaterThanOrEqual(8);
    expect(year.total.overdue).toBeGreaterThan(0);
    expect(year.total.onTime.withResult).toBeGreaterThan(year.total.onTime.onTime);
    expect(year.total.fees.collectedVnd).toBeGreaterThan(0);
    expect(year.total.fees.awaitingVnd).toBeGreaterThan(0);
    expect(year.rows.filter((r) => r.wait.n > 0 && (r.wait.medianMs as number) < 100_000).length + year.rows.filter((r) => (r.wait.p90Ms ?? 0) > 600_000).length).toBeGreaterThan(1);
  });

  it('a trip sent again while a batch of its dossiers is stored: both wait their turn, no deadlock, the figures right', async () => {
    const oid = (await c.pool.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()')).rows[0]?.oid as number;
    // a deadlock's detail names the database: its advisory lock [db,...] or "... of database db"
    const deadlocks = () => clusterLog().split('\n').filter((l) => l.includes(`advisory lock [${oid},`) || l.includes(`of database ${oid}`)).length;
    const before = deadlocks();
    const x = trips.filter((t) => t.v === 3 && t.day.startsWith('2026-03'))[1] as Trip;
    const seq = { n: 5000 };
    for (let round = 0; round < 6; round++) {
      const { payload, tickets } = tripPayload(x, 7777 + round);
      await Promise.all([ingestTrip(c, vehicles[2] as Vehicle, payload), ingestDossiers(c, vehicles[2] as Vehicle, { dossiers: dossiersOf(x, tickets, 8888 + round, seq) })]);
    }
    expect(deadlocks()).toBe(before);
    for (const by of ['procedure', 'field'] as const) {
      const q: FleetQuery = { by, from: '2026-03-01', to: '2026-03-31' };
      expect(figures(await fleetReport(c, q, t, 'vi'))).toEqual(figures(await fromRaw(c, q)));
    }
  });

  it('is the table migration 6 backfills and the rebuild makes, and a wrong row in it shows in the report', async () => {
    const table = async () =>
      (
        await c.pool.query(
          "SELECT vehicle_id, month, procedure_key, field, n, with_result, on_time, collected, awaiting, open_due, open_n, encode(waits, 'hex') AS waits, score1, score2, score3, score4, score5 FROM fig_proc_months ORDER BY 1, 2, 3, 4",
        )
      ).rows;
    const kept = await table();
    expect(kept.length).toBeGreaterThan(50);
    // the rebuild after a bulk load (bench/centre.mjs)
    await new FigureRepo(c.pool).rebuild();
    expect(await table()).toEqual(kept);
    // migration 6 on the database as it was before it
    await c.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('DROP TABLE fig_proc_months');
    // and of those after it (7: the transfers' confirmations)
    await admin.query('DROP INDEX dossiers_transfers');
    await admin.query('ALTER TABLE dossiers DROP COLUMN paid_at, DROP COLUMN paid_ref');
    await admin.query('DELETE FROM centre_migrations WHERE version >= 6');
    await admin.end();
    c = await Centre.open(url, data, { now: () => NOW, poolSize: 4 });
    expect(await c.schema()).toEqual({ found: CENTRE_MIGRATIONS.length, known: CENTRE_MIGRATIONS.length });
    expect(await table()).toEqual(kept);
    // one dossier too many in one row: the year's report by field is off by one, and the raw rows say so
    const q: FleetQuery = { by: 'field', from: '2026-01-01', to: '2026-12-31' };
    expect(figures(await fleetReport(c, q, t, 'vi'))).toEqual(figures(await fromRaw(c, q)));
    await c.pool.query("UPDATE fig_proc_months SET n = n + 1 WHERE ctid = (SELECT ctid FROM fig_proc_months WHERE month = '2026-02-01' ORDER BY vehicle_id, procedure_key LIMIT 1)");
    const wrong = await fleetReport(c, q, t, 'vi');
    expect(wrong.total.dossiers).toBe((await fromRaw(c, q)).total.dossiers + 1);
    // a period of days inside a month does not read it
    const days: FleetQuery = { by: 'field', from: '2026-02-02', to: '2026-02-27' };
    expect(figures(await fleetReport(c, days, t, 'vi'))).toEqual(figures(await fromRaw(c, days)));
    await new FigureRepo(c.pool).rebuild();
    expect(await table()).toEqual(kept);
  });
});
