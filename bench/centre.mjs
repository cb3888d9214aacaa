#!/usr/bin/env node
// Centre benchmark: a fleet of 50 vehicles over a year (2025), generated: about 13,000 trips,
// 1.25 million dossiers, 4 million tickets and 20 million queue events, loaded with COPY into a
// PostgreSQL cluster of its own (initdb + pg_ctl on a Unix socket in bench/out/, as the postgres
// account when root). Loaded in three stages (5, 20, then 50 vehicles) to show how the figures
// grow; the fleet report (`luudong centre report`, every dimension, the whole year) is timed at each
// stage; then the ingest rate through the app layer (a trip's records checked, folded and stored in
// one transaction; dossiers in batches of 500, as vehicles send them).
//
// The loaded cluster is cached in $LUUDONG_BENCH_CACHE (default /var/tmp/luudong-bench; the key
// covers this generator): a second run starts it again, migrates it and times the 50-vehicle
// figures only (the growth stages are kept from the run that loaded them, in growth.json beside it).
//
//   node bench/centre.mjs [--quick] [--no-write] [--fresh]
process.env.TZ ||= 'Asia/Ho_Chi_Minh';

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { build } from 'esbuild';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeSection } from './lib/results.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench/out');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const WRITE = !args.has('--no-write');
const GEN_VERSION = 1;
const STAGES = QUICK ? [2, 5] : [5, 20, 50];
const TRIPS_PER_WEEKDAY = 1; // each vehicle goes out every working day of 2025
const TICKETS = QUICK ? 60 : 306; // per trip
const DOSSIERS = QUICK ? 20 : 96; // per trip
const REPS = QUICK ? 3 : 10;

mkdirSync(OUT, { recursive: true });
// The commit the centre below is bundled from (the load takes long enough for another to be made).
const COMMIT = execFileSync('git', ['log', '-1', '--format=%h'], { cwd: ROOT, encoding: 'utf8' }).trim();

// ---- the app's centre, bundled -------------------------------------------------------------------
const bundle = join(OUT, 'centre-api.mjs');
await build({
  entryPoints: [join(ROOT, 'bench/lib/centre-api.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  external: ['pg', 'pg-native', 'pdfkit', 'better-sqlite3'],
  logLevel: 'error',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const api = await import(pathToFileURL(bundle).href);
const data = api.loadDomainData(join(ROOT, 'data'));
// The loaded cluster is kept outside the worktree (a worktree removed takes bench/out with it, and
// the load takes half an hour on a shared machine): $LUUDONG_BENCH_CACHE, by default
// /var/tmp/luudong-bench. Its key is the generator's: the schema is brought up to date on it by
// the centre's own migrations when it opens (a new migration backfills the year, as on a real
// centre). A cache whose schema is newer than this code (loaded by a later branch) is refused.
const CACHE = process.env.LUUDONG_BENCH_CACHE || '/var/tmp/luudong-bench';
mkdirSync(CACHE, { recursive: true, mode: 0o755 });
const KEY = createHash('sha256').update(JSON.stringify({ GEN_VERSION, STAGES, TICKETS, DOSSIERS })).digest('hex').slice(0, 12);
const DIR = join(CACHE, `centre-pg-${KEY}${QUICK ? '-quick' : ''}`);

// ---- the cluster -----------------------------------------------------------------------------------
const asRoot = process.getuid?.() === 0;
const bin = api.pgBin();
function pgRun(program, argv) {
  const cmd = join(bin, program);
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...argv], { encoding: 'utf8' }) : spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} failed: ${r.stderr || r.stdout}`);
}
const PGOPTS = `-k ${DIR} -c listen_addresses='' -p 5432 -c shared_buffers=256MB -c work_mem=32MB -c maintenance_work_mem=256MB -c max_wal_size=4GB -c checkpoint_timeout=30min -c max_parallel_workers_per_gather=2`;
const url = (db) => `postgresql://postgres@${encodeURIComponent(DIR)}:5432/${db}`;
const cached = args.has('--fresh') ? false : existsSync(join(DIR, 'growth.json'));
if (!cached) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { mode: 0o700 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(DIR, uid, gid);
  }
  pgRun('initdb', ['-D', join(DIR, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
}
pgRun('pg_ctl', ['start', '-D', join(DIR, 'data'), '-w', '-t', '120', '-l', join(DIR, 'postgres.log'), '-o', PGOPTS]);
process.on('exit', () => {
  try {
    pgRun('pg_ctl', ['stop', '-D', join(DIR, 'data'), '-m', 'fast', '-w']);
  } catch {
    // already stopped
  }
});

if (!cached) {
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE centre');
  await admin.end();
}
const t0Open = Date.now();
const centre = await api.Centre.open(url('centre'), data, { poolSize: 4 });
const schema = await centre.schema();
console.error(`bench: centre schema ${schema.found}, opened (migrations run) in ${((Date.now() - t0Open) / 1000).toFixed(1)} s`);
const db = new pg.Client({ connectionString: url('centre') });
await db.connect();
const t = api.translator('vi');

// ---- the generator -----------------------------------------------------------------------------------
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s + 0x6d2b79f5) >>> 0), (((s ^ (s >>> 15)) * (1 | s)) >>> 0) / 2 ** 32);
}
const procs = data.procedures;
const WORKDAYS = [];
for (let d = new Date(Date.UTC(2025, 0, 1)); d.getUTCFullYear() === 2025; d = new Date(d.getTime() + 86_400_000)) if (d.getUTCDay() % 6 !== 0) WORKDAYS.push(d.toISOString().slice(0, 10));
const COMMUNE_NAMES = ['An Phú', 'Mỹ Đức', 'Hải Anh', 'Kim Long', 'Phương Đức', 'Đồi Dùng', 'Minh Châu', 'Tân Lập', 'Hòa Bình', 'Thanh Xuân'];
const communeName = (v, k) => `Xã ${COMMUNE_NAMES[k]} ${String(v).padStart(2, '0')}`;
const ts = (ms) => new Date(ms).toISOString();
const DAY0 = (day) => Date.parse(`${day}T00:30:00Z`); // 07:30 in Vietnam

/** Copy rows (arrays of values, \N for null) into a table, streamed. */
async function copy(table, cols, rows) {
  const stream = db.query(copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`));
  async function* lines() {
    let buf = [];
    for (const r of rows()) {
      buf.push(r.map((x) => (x === null ? '\\N' : String(x))).join('\t'));
      if (buf.length >= 5000) {
        yield buf.join('\n') + '\n';
        buf = [];
      }
    }
    if (buf.length) yield buf.join('\n') + '\n';
  }
  await pipeline(Readable.from(lines()), stream);
}

/** Vehicles from..to (inclusive), their communes, and a year of their trips. */
async function load(from, to) {
  const t0 = Date.now();
  const counts = { trips: 0, tickets: 0, events: 0, dossiers: 0 };
  await db.query('INSERT INTO vehicles (id, name, name_key, created_at) SELECT v, $3 || lpad(v::text, 2, \'0\'), $4 || lpad(v::text, 2, \'0\'), now() FROM generate_series($1::int, $2::int) v', [from, to, 'Xe ', 'xe ']);
  await db.query("SELECT setval('vehicles_id_seq', (SELECT max(id) FROM vehicles))");
  for (let v = from; v <= to; v++) for (let k = 0; k < 10; k++) await db.query('INSERT INTO communes (id, name, key) VALUES ($1, $2, $3)', [v * 100 + k, communeName(v, k), api.communeKey(communeName(v, k))]);
  await db.query("SELECT setval('communes_id_seq', (SELECT max(id) FROM communes))");
  const trips = [];
  for (let v = from; v <= to; v++) WORKDAYS.forEach((day, i) => trips.push({ v, no: i + 1, day, commune: v * 100 + (i % 10) }));
  counts.trips = trips.length;
  await copy('trips', ['vehicle_id', 'trip_no', 'commune_id', 'commune', 'place', 'day', 'start_time', 'end_time', 'opened_at', 'closed_at', 'payload_sha256', 'received_at'], function* () {
    for (const x of trips) yield [x.v, x.no, x.commune, communeName(x.v, x.commune % 100), 'Nhà văn hóa', x.day, '07:30', '11:30', ts(DAY0(x.day)), ts(DAY0(x.day) + 4 * 3_600_000), 'bench', ts(DAY0(x.day) + 5 * 3_600_000)];
  });
  // Tickets and their events: issued, called, recalled (half), started, parked+resumed (a quarter), finished.
  const waitsOf = (v, no) => {
    const r = rng(v * 100_003 + no);
    const scale = 6 + (v % 7) * 2; // some vehicles are busier
    return () => Math.round(60_000 * scale * Math.exp((r() + r() + r() - 1.5) * 1.1));
  };
  await copy('tickets', ['vehicle_id', 'trip_no', 'ticket_no', 'commune_id', 'day', 'label', 'grp', 'original_grp', 'priority', 'walk_in', 'status', 'issued_at', 'wait_ms', 'service_ms', 'rating'], function* () {
    for (const x of trips) {
      const wait = waitsOf(x.v, x.no);
      const r = rng(x.v * 7 + x.no);
      for (let i = 0; i < TICKETS; i++) {
        const g = data.groups[i % data.groups.length];
        const issued = DAY0(x.day) + Math.floor((i / TICKETS) * 3.5 * 3_600_000);
        counts.tickets++;
        yield [x.v, x.no, (x.no - 1) * TICKETS + i + 1, x.commune, x.day, `${g.prefix}${String(Math.floor(i / data.groups.length) + 1).padStart(3, '0')}`, g.code, g.code, r() < 0.15 ? 'elderly' : null, 'f', 'done', ts(issued), wait(), 240_000 + Math.floor(r() * 360_000), r() < 0.6 ? 1 + Math.min(4, Math.floor(r() * 5.5)) : null];
      }
    }
  });
  await copy('queue_events', ['vehicle_id', 'trip_no', 'event_no', 'ticket_no', 'type', 'at', 'counter', 'grp', 'priority'], function* () {
    for (const x of trips) {
      const r = rng(x.v * 13 + x.no);
      let ev = (x.no - 1) * TICKETS * 8;
      for (let i = 0; i < TICKETS; i++) {
        const ticket = (x.no - 1) * TICKETS + i + 1;
        const g = data.groups[i % data.groups.length].code;
        const at = DAY0(x.day) + Math.floor((i / TICKETS) * 3.5 * 3_600_000);
        const c = 1 + (i % 3);
        const out = [[++ev, ticket, 'issued', ts(at), null, g, null], [++ev, ticket, 'called', ts(at + 600_000), c, null, null]];
        if (r() < 0.5) out.push([++ev, ticket, 'recalled', ts(at + 660_000), c, null, null]);
        out.push([++ev, ticket, 'started', ts(at + 700_000), c, null, null]);
        if (r() < 0.25) out.push([++ev, ticket, 'parked', ts(at + 800_000), c, null, null], [++ev, ticket, 'resumed', ts(at + 900_000), c, null, null]);
        out.push([++ev, ticket, 'finished', ts(at + 1_000_000), c, null, null]);
        counts.events += out.length;
        for (const e of out) yield [x.v, x.no, ...e];
      }
    }
  });
  await copy('help', ['vehicle_id', 'trip_no', 'kind', 'n'], function* () {
    for (const x of trips) for (const [k, h] of data.helpServices.entries()) yield [x.v, x.no, h.code, 1 + ((x.no + k) % 9)];
  });
  await copy('dossiers', ['vehicle_id', 'code', 'trip_no', 'commune_id', 'ticket_no', 'received_on', 'received_at', 'due_date', 'procedure_key', 'procedure_code', 'procedure_name', 'field', 'grp', 'fee_vnd', 'payment', 'return_method', 'state', 'state_at', 'result_on', 'events', 'updated_at'], function* () {
    for (const x of trips) {
      const r = rng(x.v * 31 + x.no);
      for (let i = 0; i < DOSSIERS; i++) {
        const p = procs[Math.floor(r() * r() * procs.length)];
        const at = DAY0(x.day) + i * 120_000;
        const due = new Date(Date.parse(x.day) + Math.max(1, p.processingDays) * 86_400_000 * 1.4).toISOString().slice(0, 10);
        const u = r();
        const state = u < 0.62 ? 'returned' : u < 0.74 ? 'result_ready' : u < 0.86 ? 'handed_over' : u < 0.93 ? 'processing' : u < 0.97 ? 'refused' : 'cancelled';
        const resultOn = ['returned', 'result_ready', 'refused'].includes(state) ? new Date(Date.parse(due) + Math.round((r() - 0.85) * 5) * 86_400_000).toISOString().slice(0, 10) : null;
        const path = { returned: ['received', 'handed_over', 'result_ready', 'returned'], result_ready: ['received', 'handed_over', 'result_ready'], handed_over: ['received', 'handed_over'], processing: ['received', 'handed_over', 'processing'], refused: ['received', 'handed_over', 'refused'], cancelled: ['received', 'cancelled'] }[state];
        const events = JSON.stringify(path.map((to, k) => ({ at: at + k * 86_400_000, from: k ? path[k - 1] : null, to })));
        const pay = p.feeVnd === 0 ? 'exempt' : r() < 0.5 ? 'cash' : r() < 0.8 ? 'bank_qr' : 'online';
        counts.dossiers++;
        yield [x.v, `BENCH.${x.v}-${x.day.replace(/-/g, '').slice(2)}-${String(i + 1).padStart(4, '0')}`, x.no, x.commune, (x.no - 1) * TICKETS + 1 + i * 3, x.day, ts(at), due, api.procedureKey(p), p.code ?? null, JSON.stringify(p.name), p.field, p.group, p.feeVnd, pay, r() < 0.7 ? 'next_visit' : 'commune_office', state, ts(at + (path.length - 1) * 86_400_000), resultOn, events, ts(at)];
      }
    }
  });
  // The report's summary tables, as ingest keeps them, made once for the bulk load.
  await new api.FigureRepo(db).rebuild();
  await db.query('ANALYZE');
  return { ...counts, seconds: (Date.now() - t0) / 1000 };
}

// ---- measurements ------------------------------------------------------------------------------------
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const DIMS = ['vehicle', 'commune', 'procedure', 'field', 'week', 'month'];
async function timeReports() {
  const out = {};
  const queries = [...DIMS.map((by) => ({ name: `by ${by}`, q: { by, from: '2025-01-01', to: '2025-12-31' } })), { name: 'by month, one vehicle', q: { by: 'month', from: '2025-01-01', to: '2025-12-31', vehicle: 'Xe 01' } }, { name: 'by procedure, one commune', q: { by: 'procedure', from: '2025-01-01', to: '2025-12-31', commune: communeName(1, 2) } }];
  for (const { name, q } of queries) {
    const ms = [];
    let rows = 0;
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      const r = await api.fleetReport(centre, q, t, 'vi');
      ms.push(performance.now() - t0);
      rows = r.rows.length;
    }
    out[name] = { p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), rows };
  }
  return out;
}
async function sizes() {
  const r = await db.query("SELECT pg_database_size('centre') AS db, (SELECT count(*) FROM dossiers) AS dossiers, (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM queue_events) AS events, (SELECT count(*) FROM trips) AS trips");
  return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
}

/**
 * The CPU time PostgreSQL spends on each report (its queries one after another on one connection,
 * read from /proc for that backend): what a quiet machine would take, whatever the load now.
 */
async function cpuOfReports() {
  const one = await api.Centre.open(url('centre'), data, { poolSize: 1 });
  const pid = (await one.pool.query('SELECT pg_backend_pid() AS p')).rows[0].p;
  const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  const cpu = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / tick;
  };
  const out = {};
  for (const by of DIMS) {
    const ms = [];
    const client = [];
    for (let i = 0; i < 3; i++) {
      const c0 = cpu();
      const u0 = process.cpuUsage();
      await api.fleetReport(one, { by, from: '2025-01-01', to: '2025-12-31' }, t, 'vi');
      const u = process.cpuUsage(u0);
      ms.push(cpu() - c0);
      client.push((u.user + u.system) / 1000);
    }
    out[`by ${by}`] = { server: Math.min(...ms), client: Math.min(...client) };
  }
  await one.close();
  return out;
}

let growth;
if (cached) growth = JSON.parse(readFileSync(join(DIR, 'growth.json'), 'utf8'));
else {
  growth = [];
  let done = 0;
  for (const n of STAGES) {
    const loaded = await load(done + 1, n);
    done = n;
    console.error(`bench: ${n} vehicles loaded in ${loaded.seconds.toFixed(0)} s (${loaded.events.toLocaleString('en')} events)`);
    growth.push({ vehicles: n, loaded, size: await sizes(), reports: await timeReports(), load: loadavg()[0] });
  }
  for (const g of growth) g.commit = COMMIT;
  writeFileSync(join(DIR, 'growth.json'), JSON.stringify(growth, null, 2));
}
// The bench's own ingest vehicle of an earlier run, if that run was cut short.
for (const tb of ['fig_dossier_days', 'fig_dossier_vdays', 'fig_proc_months']) await db.query(`DELETE FROM ${tb} f WHERE NOT EXISTS (SELECT 1 FROM vehicles v WHERE v.id = f.vehicle_id)`);
const now50 = { size: await sizes(), reports: await timeReports(), cpu: await cpuOfReports(), load: loadavg()[0] };

// ---- ingest through the app layer ------------------------------------------------------------------------
const { vehicle } = await api.addVehicle(centre, `Bench ingest ${Date.now()}`);
const INGEST_TRIPS = QUICK ? 10 : 60;
const ingest = { trips: 0, events: 0, dossiers: 0, tripMs: 0, dossierMs: 0 };
for (let n = 1; n <= INGEST_TRIPS; n++) {
  const day = WORKDAYS[n % WORKDAYS.length];
  const base = DAY0(day);
  const tickets = [];
  const events = [];
  let id = 0;
  for (let i = 0; i < TICKETS; i++) {
    const tk = n * 10_000 + i + 1;
    const g = data.groups[i % data.groups.length];
    tickets.push({ id: tk, label: `${g.prefix}${String(Math.floor(i / data.groups.length) + 1).padStart(3, '0')}` });
    const at = base + i * 40_000;
    for (const [type, dt, c] of [['issued', 0, null], ['called', 600_000, 1], ['recalled', 650_000, 1], ['started', 700_000, 1], ['finished', 1_000_000, 1]]) events.push({ id: n * 100_000 + ++id, ticket: tk, type, at: at + dt, counter: c, group: type === 'issued' ? g.code : null, priority: null });
  }
  events.sort((a, b) => a.id - b.id);
  const payload = { trip: { id: n, commune: 'Xã Bench', place: 'P', date: day, start: '07:30', end: '11:30', openedAt: base, closedAt: base + 4 * 3_600_000 }, tickets, events, help: [{ kind: 'vneid', n: 3 }], ratings: [] };
  const t0 = performance.now();
  await api.ingestTrip(centre, vehicle, payload);
  ingest.tripMs += performance.now() - t0;
  ingest.trips++;
  ingest.events += events.length;
  const dossiers = Array.from({ length: DOSSIERS }, (_, i) => ({
    code: `000.00.20.H26-${day.replace(/-/g, '').slice(2)}-${String(i + 1).padStart(4, '0')}`,
    trip: n, commune: 'Xã Bench', ticket: null, receivedOn: day, receivedAt: base + i * 60_000, dueDate: day,
    procedure: { key: '1.001193', code: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, field: 'civil', group: 'civil' },
    feeVnd: 0, payment: 'exempt', returnMethod: 'next_visit', state: 'received', stateAt: base + i * 60_000, resultOn: null, events: [{ at: base + i * 60_000, from: null, to: 'received' }],
  }));
  const t1 = performance.now();
  for (let k = 0; k < dossiers.length; k += 500) await api.ingestDossiers(centre, vehicle, { dossiers: dossiers.slice(k, k + 500) });
  ingest.dossierMs += performance.now() - t1;
  ingest.dossiers += dossiers.length;
}
// The cache stays as loaded: the ingested vehicle goes again.
for (const tb of ['tickets', 'queue_events', 'help', 'dossiers', 'fig_dossier_days', 'fig_dossier_vdays', 'fig_proc_months', 'trips']) await db.query(`DELETE FROM ${tb} WHERE vehicle_id = $1`, [vehicle.id]);
await db.query('DELETE FROM vehicles WHERE id = $1', [vehicle.id]);
await db.query("DELETE FROM communes WHERE key = 'bench'");

// ---- results -----------------------------------------------------------------------------------------------
const f = (x) => x.toFixed(0);
const worst = (reports) => Math.max(...Object.values(reports).map((r) => r.p95));
const lines = [
  `- Dataset (generated, deterministic; cached in ${CACHE}): ${growth.at(-1).vehicles} vehicles × ${WORKDAYS.length} working days of 2025, one trip a day: ${now50.size.trips.toLocaleString('en')} trips, ${now50.size.tickets.toLocaleString('en')} tickets, ${now50.size.events.toLocaleString('en')} queue events, ${now50.size.dossiers.toLocaleString('en')} dossiers; database ${(now50.size.db / 2 ** 30).toFixed(2)} GiB.`,
  `- The machine was shared with other engineers' work while this ran (load average ${now50.load.toFixed(1)} on ${2} cores; ${growth.map((g) => g.load.toFixed(1)).join(', ')} at the growth stages): these figures are disturbed, to be taken again on a quiet machine.`,
  '- Server CPU: the CPU time of the PostgreSQL backend running the report\'s queries one after another (from /proc, least of 3): what the report costs the server on a quiet machine, which the load above does not inflate. Client CPU: the same runs\' CPU time in this Node process (reading the rows, adding up the trips\' packed wait histograms, building the report).',
  '- Method: each report is `fleetReport` (the app layer under `luudong centre report`), the whole year, timed end to end (its queries run in parallel on a pool of 4); ' + `${REPS} runs each, after one stage's data is loaded with COPY and ANALYZE. PostgreSQL 15, shared_buffers 256 MB, work_mem 32 MB.`,
  '',
  `| Report (year 2025) | ${growth.map((g) => `${g.vehicles} vehicles p50 / p95 ms`).join(' | ')} | ${growth.at(-1).vehicles} vehicles now p50 / p95 / max ms | server / client CPU, ms | rows | Target p95 ≤ 500 |`,
  `|---|${growth.map(() => '---|').join('')}---|---|---|---|`,
  ...Object.keys(now50.reports).map((name) => {
    const r = now50.reports[name];
    return `| ${name} | ${growth.map((g) => (g.reports[name] ? `${f(g.reports[name].p50)} / ${f(g.reports[name].p95)}` : '–')).join(' | ')} | ${f(r.p50)} / ${f(r.p95)} / ${f(r.max)} | ${now50.cpu[name] === undefined ? '–' : `${f(now50.cpu[name].server)} / ${f(now50.cpu[name].client)}`} | ${r.rows} | ${r.p95 <= 500 ? '**PASS**' : '**FAIL**'} |`;
  }),
  '',
  ...(cached ? [`- The growth columns were measured when the cache was loaded (app ${growth[0].commit ?? 'unknown'}); the last columns now.`, ''] : []),
  `| Growth | ${growth.map((g) => `${g.vehicles} vehicles`).join(' | ')} |`,
  `|---|${growth.map(() => '---|').join('')}`,
  `| dossiers | ${growth.map((g) => g.size.dossiers.toLocaleString('en')).join(' | ')} |`,
  `| queue events | ${growth.map((g) => g.size.events.toLocaleString('en')).join(' | ')} |`,
  `| database, GiB | ${growth.map((g) => (g.size.db / 2 ** 30).toFixed(2)).join(' | ')} |`,
  `| COPY load of the stage, s | ${growth.map((g) => f(g.loaded.seconds)).join(' | ')} |`,
  `| worst report p95, ms | ${growth.map((g) => f(worst(g.reports))).join(' | ')} |`,
  '',
  `- Ingest through the app layer (checked, folded, one transaction each) into the ${growth.at(-1).vehicles}-vehicle database: ${ingest.trips} trips of ${TICKETS} tickets (${(ingest.events / ingest.trips).toFixed(0)} events each) in ${f(ingest.tripMs)} ms: ${(ingest.trips / (ingest.tripMs / 1000)).toFixed(1)} trips/s, ${f(ingest.events / (ingest.tripMs / 1000))} queue events/s; ${ingest.dossiers.toLocaleString('en')} dossiers in batches of 500: ${f(ingest.dossiers / (ingest.dossierMs / 1000))} dossiers/s. A vehicle's day (one trip, ~100 dossiers) takes ${f(ingest.tripMs / ingest.trips + ingest.dossierMs / ingest.trips)} ms of the centre.`,
];
console.log(lines.join('\n'));
if (WRITE && !QUICK) writeSection(ROOT, 'centre', 'Centre: a fleet of 50 vehicles over a year (bench/centre.mjs)', lines);
await db.end();
await centre.close();
process.exit(worst(now50.reports) <= 500 ? 0 : 1);
