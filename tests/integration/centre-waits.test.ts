// Waits at the centre are kept finer than whole minutes (migration 4): the fleet report's median and
// 90th percentile checked against the same figures taken from the raw queue events (first call
// minus arrival, every ticket), on a real PostgreSQL database: a database of migration 3 holding
// minute-rounded figures, migrated and backfilled; and two vehicles syncing mornings of short waits.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Centre } from '../../src/centre/app/centre.js';
import { fleetReport } from '../../src/centre/app/report.js';
import { waitBucketSeconds } from '../../src/centre/core/figures.js';
import { CENTRE_MIGRATIONS } from '../../src/centre/store/migrations.js';
import { median, percentile } from '../../src/core/stats.js';
import { translator } from '../../src/i18n/index.js';
import { data, morning, testCentre, testVehicle, type TestCentre } from '../helpers/centre.js';
import { freshDatabase } from '../helpers/pg.js';

const t = translator('vi');

/** The figures as the vehicle's report takes them from a list of waits (ms). */
const exact = (ms: readonly number[]) => ({ n: ms.length, medianMs: median(ms) ?? null, p90Ms: percentile(ms, 90) ?? null });
/** The same over each wait put in its bucket (what the centre keeps): equal to the report's. */
const bucketed = (ms: readonly number[]) => exact(ms.map((x) => waitBucketSeconds(x) * 1000));
/** How far a bucket may be from the wait it holds. */
const bound = (ms: number) => (ms < 99_500 ? 500 : ms < 599_500 ? 5_500 : 30_500);

/** Every ticket's wait from the centre's raw queue events (arrival to first call), by vehicle name. */
async function rawWaits(pool: pg.Pool | Centre['pool'], from: string, to: string): Promise<Map<string, number[]>> {
  const { rows } = await pool.query<{ name: string; ms: number }>(
    `SELECT v.name, (extract(epoch FROM min(e.at) FILTER (WHERE e.type = 'called')) - extract(epoch FROM min(e.at) FILTER (WHERE e.type = 'issued'))) * 1000 AS ms
     FROM queue_events e JOIN trips tr USING (vehicle_id, trip_no) JOIN vehicles v ON v.id = e.vehicle_id
     WHERE tr.day BETWEEN $1 AND $2 GROUP BY v.name, e.trip_no, e.ticket_no HAVING bool_or(e.type = 'called')`,
    [from, to],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), Math.round(Number(r.ms))]);
  return out;
}

/** The dossier figures from the raw dossiers, by vehicle name: what the summary rows must add up to. */
async function rawDossiers(pool: pg.Pool | Centre['pool'], from: string, to: string, asOf: string) {
  const { rows } = await pool.query<{ name: string; dossiers: number; withResult: number; onTime: number; overdue: number; collected: number; awaiting: number }>(
    `SELECT v.name, count(*) FILTER (WHERE state <> 'cancelled')::int AS dossiers,
            count(*) FILTER (WHERE state IN ('result_ready','returned','refused') AND result_on IS NOT NULL)::int AS "withResult",
            count(*) FILTER (WHERE state IN ('result_ready','returned','refused') AND result_on <= due_date)::int AS "onTime",
            count(*) FILTER (WHERE state IN ('received','handed_over','processing','supplement_requested') AND due_date < $3::date)::int AS overdue,
            coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'cash' OR (payment = 'bank_qr' AND paid_at IS NOT NULL))), 0)::int AS collected,
            coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'online' OR (payment = 'bank_qr' AND paid_at IS NULL))), 0)::int AS awaiting
     FROM dossiers d JOIN vehicles v ON v.id = d.vehicle_id WHERE received_on BETWEEN $1 AND $2 GROUP BY v.name`,
    [from, to, asOf],
  );
  return new Map(rows.map((r) => [r.name, r]));
}
const figuresOf = (x: { dossiers: number; onTime: { withResult: number; onTime: number }; overdue: number; fees: { collectedVnd: number; awaitingVnd: number } }) => ({
  dossiers: x.dossiers,
  withResult: x.onTime.withResult,
  onTime: x.onTime.onTime,
  overdue: x.overdue,
  collected: x.fees.collectedVnd,
  awaiting: x.fees.awaitingVnd,
});

describe('the wait buckets', () => {
  it('centre_wait_s in SQL is waitBucketSeconds, never more than 5% (or half a second) off', async () => {
    const url = await freshDatabase('waits');
    const c = await Centre.open(url, data);
    try {
      const edges = [0, 1, 499, 500, 501, 99_499, 99_500, 104_999, 105_000, 594_999, 595_000, 599_499, 599_500, 629_999, 630_000, 3_599_999, 86_400_000];
      const { rows } = await c.pool.query<{ ms: number; s: number }>(
        'SELECT ms, centre_wait_s(ms) AS s FROM (SELECT generate_series(0, 4 * 3600 * 1000, 997)::bigint AS ms UNION ALL SELECT unnest($1::bigint[])) x',
        [edges],
      );
      expect(rows.length).toBeGreaterThan(14_000);
      const differ = rows.filter((r) => r.s !== waitBucketSeconds(Number(r.ms)));
      expect(differ).toEqual([]);
      const far = rows.filter((r) => Math.abs(r.s * 1000 - Number(r.ms)) > Math.max(500, Number(r.ms) * 0.05 + 500));
      expect(far).toEqual([]);
      expect([12_400, 12_600, 99_400, 104_000, 106_000, 599_000, 615_000, 645_000].map(waitBucketSeconds)).toEqual([12, 13, 99, 100, 110, 600, 600, 660]);
    } finally {
      await c.close();
    }
  });
});

describe('migration 4 on a database of migration 3', () => {
  const waitsS = [12, 25, 31, 44, 52, 58, 95, 133, 47]; // a morning of short waits, in seconds
  let url: string;

  beforeAll(async () => {
    url = await freshDatabase('waits_m3');
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await pool.query('CREATE TABLE centre_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const apply = async (v: number) => {
        const m = CENTRE_MIGRATIONS[v - 1] as { name: string; sql: string };
        await pool.query(m.sql);
        await pool.query('INSERT INTO centre_migrations (version, name) VALUES ($1, $2)', [v, m.name]);
      };
      await apply(1);
      // What a vehicle had sent by then: a trip, its queue events, the tickets folded from them, a
      // dossier per ticket.
      await pool.query("INSERT INTO vehicles (id, name, name_key, created_at) VALUES (1, 'Xe 01', 'xe 01', now())");
      await pool.query("INSERT INTO communes (id, name, key) VALUES (1, 'Xã Mỹ Đức', 'my duc')");
      const open = Date.parse('2026-11-16T00:30:00Z');
      await pool.query(
        "INSERT INTO trips VALUES (1, 1, 1, 'Xã Mỹ Đức', 'Nhà văn hóa', '2026-11-16', '07:30', '11:30', $1, $2, 'x', $2)",
        [new Date(open), new Date(open + 4 * 3_600_000)],
      );
      for (const [i, s] of waitsS.entries()) {
        const issued = open + i * 600_000;
        const called = issued + s * 1000 + 180; // and some milliseconds
        await pool.query("INSERT INTO queue_events VALUES (1, 1, $1, $2, 'issued', $3, NULL, 'civil', NULL), (1, 1, $4, $2, 'called', $5, 1, NULL, NULL)", [i * 2 + 1, i + 1, new Date(issued), i * 2 + 2, new Date(called)]);
        await pool.query("INSERT INTO tickets VALUES (1, 1, $1, 1, '2026-11-16', $2, 'civil', 'civil', NULL, false, 'done', $3, $4, 300000, 5)", [i + 1, `A${String(i + 1).padStart(3, '0')}`, new Date(issued), called - issued]);
        await pool.query(
          `INSERT INTO dossiers (vehicle_id, code, trip_no, commune_id, ticket_no, received_on, received_at, due_date, procedure_key, procedure_code, procedure_name, field, grp, fee_vnd, payment, return_method, state, state_at, result_on, events, updated_at)
           VALUES (1, $1, 1, 1, $2, '2026-11-16', $3, '2026-11-20', '1.001193', '1.001193', '{"vi":"Đăng ký khai sinh","en":"Birth registration"}', 'civil', 'civil', 0, 'exempt', 'next_visit', 'received', $3, NULL, '[]', $3)`,
          [`000.00.20.H26-261116-${String(i + 1).padStart(4, '0')}`, i + 1, new Date(called + 60_000)],
        );
      }
      await apply(2);
      await apply(3);
      // The minutes of migrations 2 and 3: a median of a whole minute for waits of under one.
      const { rows } = await pool.query<{ m: number; n: number }>('SELECT wait_min AS m, n FROM fig_trip_waits ORDER BY 1');
      expect(rows).toEqual([{ m: 0, n: 2 }, { m: 1, n: 5 }, { m: 2, n: 2 }]);
    } finally {
      await pool.end();
    }
  });

  it('backfills the waits in seconds: the report says what the raw events say', async () => {
    const c = await Centre.open(url, data);
    try {
      expect(await c.schema()).toEqual({ found: CENTRE_MIGRATIONS.length, known: CENTRE_MIGRATIONS.length });
      const raw = (await rawWaits(c.pool, '2026-11-01', '2026-11-30')).get('Xe 01') as number[];
      expect(raw.map((ms) => Math.round(ms / 1000)).sort((a, b) => a - b)).toEqual([...waitsS].sort((a, b) => a - b));
      for (const by of ['vehicle', 'procedure', 'field', 'month'] as const) {
        const r = await fleetReport(c, { by, from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
        expect(r.rows).toHaveLength(1);
        for (const x of [r.rows[0]!, r.total]) {
          expect(x.wait, by).toEqual(bucketed(raw));
          expect(x.wait.medianMs, by).toBe(47_000); // the raw median (47.18 s) to the second; the minutes said 60 s
          expect(x.wait.p90Ms, by).toBe(130_000); // the raw P90 (133.18 s) to 10 s; the minutes said 120 s
          // the dossiers' figures through migration 5's rows: nine received, all past their due date
          expect(figuresOf(x), by).toMatchObject({ dossiers: 9, overdue: 9, withResult: 0 });
        }
      }
    } finally {
      await c.close();
    }
  });
});

describe('vehicles syncing short waits', () => {
  let c: TestCentre;
  const minutes = {
    'Xe 01': [0.2, 0.45, 0.75, 0.9, 1.4, 0.55, 3.3, 11.2],
    'Xe 02': [0.1, 0.3, 0.35, 2.05, 6.4],
  };

  beforeAll(async () => {
    c = await testCentre();
    const server = await c.serve();
    const v1 = await testVehicle(c, server.url, 'Xe 01', new Date(2026, 10, 16, 7, 30));
    const v2 = await testVehicle(c, server.url, 'Xe 02', new Date(2026, 10, 17, 7, 30));
    morning(v1, 'Xã Mỹ Đức', minutes['Xe 01']);
    morning(v2, 'Xã Hải Anh', minutes['Xe 02']);
    expect((await v1.sync()).ok).toBe(true);
    expect((await v2.sync()).ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await c?.close();
  });

  it('the report by vehicle, by procedure and in total is the raw events’ figures, each wait within its bucket', async () => {
    const raw = await rawWaits(c.centre.pool, '2026-11-01', '2026-11-30');
    for (const [name, m] of Object.entries(minutes)) {
      const ms = raw.get(name) as number[];
      expect(ms.sort((a, b) => a - b)).toEqual(m.map((x) => Math.round(x * 60_000)).sort((a, b) => a - b));
    }
    const all = [...raw.values()].flat();
    const byVehicle = await fleetReport(c.centre, { by: 'vehicle', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    for (const row of byVehicle.rows) {
      const ms = raw.get(row.label) as number[];
      expect(row.wait).toEqual(bucketed(ms));
      const e = exact(ms);
      expect(Math.abs((row.wait.medianMs as number) - (e.medianMs as number))).toBeLessThanOrEqual(bound(e.medianMs as number));
      expect(Math.abs((row.wait.p90Ms as number) - (e.p90Ms as number))).toBeLessThanOrEqual(bound(e.p90Ms as number));
    }
    // Xe 01: median of 8 waits, (45 + 54) / 2 s: a whole-minute histogram said 1 minute
    expect(byVehicle.rows.find((r) => r.label === 'Xe 01')?.wait.medianMs).toBe(49_500);
    expect(byVehicle.total.wait).toEqual(bucketed(all));
    expect(byVehicle.total.wait.medianMs).toBe(exact(all).medianMs); // 45 s: the middle waits are under 100 s
    // and the dossiers' figures are the raw dossiers', whichever summary rows a dimension reads
    const dossiers = await rawDossiers(c.centre.pool, '2026-11-01', '2026-11-30', '2026-11-30');
    for (const row of byVehicle.rows) {
      const { name: _name, ...want } = dossiers.get(row.label) as NonNullable<ReturnType<typeof dossiers.get>>;
      expect(figuresOf(row)).toEqual(want);
    }
    for (const by of ['commune', 'month', 'week', 'procedure', 'field'] as const) {
      const r = await fleetReport(c.centre, { by, from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
      const sum = (f: (x: ReturnType<typeof figuresOf>) => number) => r.rows.reduce((a, x) => a + f(figuresOf(x)), 0);
      const want = [...dossiers.values()].reduce((a, x) => a + x.overdue, 0);
      expect(sum((x) => x.overdue), by).toBe(want);
      expect(figuresOf(r.total), by).toEqual(figuresOf(byVehicle.total));
    }
    expect(byVehicle.total.overdue).toBeGreaterThan(0);
    const byProcedure = await fleetReport(c.centre, { by: 'procedure', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    expect(byProcedure.rows).toHaveLength(1);
    expect(byProcedure.rows[0]?.wait).toEqual(bucketed(all));
    expect(byProcedure.total.wait).toEqual(bucketed(all));
  });
});
