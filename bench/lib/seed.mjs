// The benchmark database: a year of closed trips (cached in bench/out/, keyed by schema + seeder
// version) plus one open trip with a realistic morning, added fresh to a working copy at every run
// so its timestamps are "today" and relative to now.
//
// The schema is never written here: the app creates and migrates the file (`luudong --db FILE trip
// show`), then rows go in directly with better-sqlite3 in big transactions.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, hkdfSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED_VERSION = 3; // 2: the keyed audit chain (migration 14); 3: trips closed by an update, as the app does

export const SEED = {
  tickets: 300_000,
  closedTrips: 250,
  openTickets: 60,
};

// Data the seeder mirrors from data/ (checked against the real files below).
const GROUPS = [
  ['civil', 'A', 8],
  ['land', 'B', 12],
  ['finance', 'C', 8],
  ['labour', 'D', 10],
  ['welfare', 'E', 10],
  ['merit', 'G', 10],
  ['digital', 'H', 6],
  ['legal', 'K', 10],
];
const GROUP_WEIGHTS = { civil: 30, land: 14, finance: 6, labour: 8, welfare: 10, merit: 4, digital: 22, legal: 6 };
const PRIORITIES = ['elderly', 'disability', 'pregnant', 'merit', 'young-child'];

const PLACES = [
  ['Xã Mỹ Đức, Hà Nội', 'Nhà văn hóa thôn Đồi Dùng'],
  ['Xã Mỹ Đức, Hà Nội', 'Chợ Bến'],
  ['Xã Hương Sơn, Hà Nội', 'Nhà văn hóa thôn Yến Vĩ'],
  ['Xã Hương Sơn, Hà Nội', 'Trường tiểu học Hương Sơn B'],
  ['Xã Phúc Sơn, Hà Nội', 'Sân UBND xã cũ'],
  ['Xã Hồng Sơn, Hà Nội', 'Nhà văn hóa thôn Đục Khê'],
  ['Xã Ba Vì, Hà Nội', 'Nhà văn hóa bản Ba Trại'],
  ['Xã Minh Quang, Hà Nội', 'Điểm trường Hợp Nhất'],
];
const STAFF = [
  ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Thị Mai'],
  ['Phạm Văn Đức', 'Hoàng Thị Thu', 'Vũ Minh Tuấn'],
  ['Đặng Thị Hạnh', 'Bùi Văn Nam', 'Đỗ Thị Hoa'],
];
// Closed trips: a long day with five counters (the year has to hold 300,000 tickets).
const CLOSED_COUNTERS = [
  { no: 1, groups: ['civil', 'welfare'] },
  { no: 2, groups: ['land', 'finance'] },
  { no: 3, groups: ['labour', 'merit', 'welfare'] },
  { no: 4, groups: ['digital', 'legal'] },
  { no: 5, groups: ['civil', 'digital'] },
];
// The open trip: the demo's three counters.
const OPEN_COUNTERS = [
  { no: 1, groups: ['civil', 'welfare', 'merit'] },
  { no: 2, groups: ['land', 'finance', 'labour'] },
  { no: 3, groups: ['digital', 'legal'] },
];

const MIN = 60_000;
const pad2 = (n) => String(n).padStart(2, '0');
const localDate = (ms) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
};
const hhmm = (ms) => {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
};

/** mulberry32: a small deterministic PRNG, so the data set is the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

function weightedGroup(r) {
  const total = Object.values(GROUP_WEIGHTS).reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (const [code, w] of Object.entries(GROUP_WEIGHTS)) {
    if ((x -= w) < 0) return code;
  }
  return 'civil';
}

/**
 * One trip's queue, simulated: tickets arrive spread over the issuing window; each goes to the
 * earliest free counter serving its group; called, (sometimes recalled,) started, finished - or a
 * no-show. Events after `cutoff` did not happen yet (the open trip). Returns tickets and events in
 * log order (by time).
 */
function simulateTrip({ r, count, issueFrom, issueTo, counters, operators, serviceScale, cutoff = Infinity }) {
  const prefixOf = Object.fromEntries(GROUPS.map(([c, p]) => [c, p]));
  const defaultMin = Object.fromEntries(GROUPS.map(([c, , m]) => [c, m]));
  const seq = {};
  const free = Object.fromEntries(counters.map((c) => [c.no, issueFrom]));
  const opAt = Object.fromEntries(counters.map((c, i) => [c.no, operators[i % operators.length]]));
  const arrivals = Array.from({ length: count }, () => issueFrom + Math.floor(r() * (issueTo - issueFrom))).sort((a, b) => a - b);
  const tickets = [];
  const events = [];
  let order = 0;
  const push = (tk, type, at, counter, extra = {}) => {
    if (at > cutoff) return false;
    events.push({ tk, type, at, counter, grp: null, priority: null, operator: counter === null ? operators[0] : opAt[counter], order: order++, ...extra });
    return true;
  };
  for (const issuedAt of arrivals) {
    const group = weightedGroup(r);
    const priority = r() < 0.12 ? r.pick(PRIORITIES) : null;
    const n = (seq[group] = (seq[group] ?? 0) + 1);
    const tk = { n: tickets.length, prefix: prefixOf[group], seq: n, label: prefixOf[group] + String(n).padStart(3, '0') };
    tickets.push(tk);
    push(tk, 'issued', issuedAt, null, { grp: group, priority });
    const serving = counters.filter((c) => c.groups.includes(group));
    const c = serving.reduce((best, x) => (free[x.no] < free[best.no] ? x : best));
    const called = Math.max(issuedAt, free[c.no]) + r.int(5, 40) * 1000;
    if (!push(tk, 'called', called, c.no)) continue;
    free[c.no] = Infinity; // busy until no-show or finished (past the cutoff: still busy)
    let t = called;
    if (r() < 0.05) {
      t += r.int(30, 90) * 1000;
      if (!push(tk, 'recalled', t, c.no)) continue;
    }
    if (r() < 0.02) {
      t += r.int(60, 120) * 1000;
      push(tk, 'no_show', t, c.no);
      free[c.no] = t;
      continue;
    }
    t += r.int(10, 60) * 1000;
    if (!push(tk, 'started', t, c.no)) continue;
    const service = Math.round(defaultMin[group] * MIN * serviceScale * (0.5 + r()));
    t += service;
    if (!push(tk, 'finished', t, c.no)) continue;
    free[c.no] = t;
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return { tickets, events };
}

/** Working days (Mon-Fri) going back from the day before `now`. */
function pastWorkingDays(now, n) {
  const days = [];
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  while (days.length < n) {
    d.setDate(d.getDate() - 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) days.push(new Date(d));
  }
  return days.reverse();
}

function checkDataFiles() {
  const groups = JSON.parse(readFileSync(join(ROOT, 'data/service-groups.json'), 'utf8')).groups;
  const have = groups.map((g) => `${g.code}:${g.prefix}`).join(',');
  const want = GROUPS.map(([c, p]) => `${c}:${p}`).join(',');
  if (have !== want) throw new Error(`bench seeder: data/service-groups.json changed (${have}); update GROUPS in bench/lib/seed.mjs`);
  const prios = JSON.parse(readFileSync(join(ROOT, 'data/priority-categories.json'), 'utf8')).categories.map((p) => p.code);
  for (const p of PRIORITIES) if (!prios.includes(p)) throw new Error(`bench seeder: priority ${p} no longer in data/priority-categories.json`);
}

/** Let the app create and migrate an empty database file. */
function createSchema(file, env) {
  rmSync(file, { force: true });
  for (const ext of ['-wal', '-shm']) rmSync(file + ext, { force: true });
  execFileSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', file, 'trip', 'show'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

/**
 * The audit chain's functions, as src/store/audit.ts defines them (migration 14's triggers call them
 * on every row inserted here), keyed with the vehicle key the app made beside the file: the seeded
 * chain passes `luudong audit verify`, which bench/audit.mjs checks.
 */
function registerChain(db, file) {
  const pem = readFileSync(join(dirname(file), 'keys', 'handover-ed25519.pem'));
  const ikm = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  const key = Buffer.from(hkdfSync('sha256', ikm, 'luudong vehicle key', 'luudong audit-chain v1', 32));
  const sha = (b) => createHash('sha256').update(b).digest();
  const keyed = (domain, msg) => {
    const buf = Buffer.alloc(key.length + 5 + msg.length);
    key.copy(buf, 0);
    buf[key.length] = domain;
    buf.writeUInt32BE(msg.length, key.length + 1);
    buf.set(msg, key.length + 5);
    return sha(buf);
  };
  db.function('luudong_digest', { deterministic: true, varargs: true }, (...v) => sha(JSON.stringify(v)).subarray(0, 16));
  db.function('luudong_seal', { varargs: true }, (...v) => keyed(0x53, Buffer.from(JSON.stringify(v))).subarray(0, 16));
  db.function('luudong_mac_row', { varargs: true }, (prev, src, ref, ...values) => {
    const json = Buffer.from(JSON.stringify(values));
    const m = Buffer.alloc(25 + json.length);
    if (prev instanceof Uint8Array) m.set(prev.subarray(0, 16), 0);
    m[16] = Number(src);
    m.writeBigInt64BE(BigInt(ref), 17);
    json.copy(m, 25);
    return keyed(0x52, m).subarray(0, 16);
  });
  db.function('luudong_mac', (prev, src, ref, digest) => {
    const m = Buffer.alloc(41);
    if (prev instanceof Uint8Array) m.set(prev.subarray(0, 16), 0);
    m[16] = Number(src);
    m.writeBigInt64BE(BigInt(ref), 17);
    m.set(digest.subarray(0, 16), 25);
    return keyed(0x4d, m).subarray(0, 16);
  });
}

function openForSeeding(file) {
  const db = new Database(file);
  registerChain(db, file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  return db;
}

class Inserter {
  constructor(db) {
    this.db = db;
    this.sTrip = db.prepare(
      'INSERT INTO trips (id, commune, place, date, start_time, end_time, operators, opened_at, opened_by, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.sCounter = db.prepare('INSERT INTO trip_counters (trip_id, no, groups) VALUES (?, ?, ?)');
    this.sClose = db.prepare('UPDATE trips SET closed_at = ?, closed_by = ? WHERE id = ?');
    this.sTicket = db.prepare('INSERT INTO tickets (id, trip_id, prefix, seq, label) VALUES (?, ?, ?, ?, ?)');
    this.sEvent = db.prepare('INSERT INTO queue_events (id, trip_id, ticket_id, type, at, counter, grp, priority, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const max = (t) => db.prepare(`SELECT ifnull(max(id), 0) AS m FROM ${t}`).get().m;
    this.tripId = max('trips');
    this.ticketId = max('tickets');
    this.eventId = max('queue_events');
  }

  trip({ place, date, start, end, operators, counters, openedAt, closedAt, sim }) {
    const id = ++this.tripId;
    this.sTrip.run(id, place[0], place[1], date, start, end, JSON.stringify(operators), openedAt, operators[0], null, null);
    for (const c of counters) this.sCounter.run(id, c.no, JSON.stringify(c.groups));
    for (const tk of sim.tickets) {
      tk.id = ++this.ticketId;
      this.sTicket.run(tk.id, id, tk.prefix, tk.seq, tk.label);
    }
    for (const e of sim.events) this.sEvent.run(++this.eventId, id, e.tk.id, e.type, e.at, e.counter, e.grp, e.priority, e.operator);
    // Closed as the app closes a trip (an update, which the audit log records), after its events.
    if (closedAt !== null) this.sClose.run(closedAt, operators[0], id);
    return id;
  }
}

/** Build the year of closed trips into `file` (schema by the app, rows by us). */
function buildHistory(file, env, now) {
  createSchema(file, env);
  const db = openForSeeding(file);
  try {
    const ins = new Inserter(db);
    const r = rng(20_240_601);
    const days = pastWorkingDays(now, SEED.closedTrips);
    // ticket counts per trip: around the mean, summing exactly to SEED.tickets
    const counts = days.map(() => 0.7 + r() * 0.6);
    const sum = counts.reduce((a, b) => a + b, 0);
    let left = SEED.tickets;
    const perTrip = counts.map((c, i) => {
      const n = i === counts.length - 1 ? left : Math.round((c / sum) * SEED.tickets);
      left -= n;
      return n;
    });
    const batch = 25;
    for (let i = 0; i < days.length; i += batch) {
      db.transaction(() => {
        for (let j = i; j < Math.min(days.length, i + batch); j++) {
          const day = days[j].getTime();
          const opened = day + 7 * 60 * MIN + 20 * MIN;
          const issueFrom = day + 7 * 60 * MIN + 30 * MIN;
          const issueTo = day + 16 * 60 * MIN + 30 * MIN;
          const operators = r.pick(STAFF);
          const sim = simulateTrip({ r, count: perTrip[j], issueFrom, issueTo, counters: CLOSED_COUNTERS, operators, serviceScale: 0.3 });
          const last = sim.events.length ? sim.events[sim.events.length - 1].at : issueTo;
          ins.trip({
            place: r.pick(PLACES),
            date: localDate(day),
            start: '07:30',
            end: '16:30',
            operators,
            counters: CLOSED_COUNTERS,
            openedAt: opened,
            closedAt: last + r.int(2, 15) * MIN,
            sim,
          });
        }
      }).immediate();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Add today's open trip: opened 2.5 h ago, ~60 tickets over the last 2h20, counters busy now. */
export function addOpenTrip(file, now = Date.now()) {
  const db = openForSeeding(file);
  try {
    const open = db.prepare('SELECT count(*) AS n FROM trips WHERE closed_at IS NULL').get().n;
    if (open) throw new Error(`${file} already has an open trip`);
    const r = rng(7);
    const ins = new Inserter(db);
    const opened = now - 150 * MIN;
    const operators = STAFF[0];
    const sim = simulateTrip({ r, count: SEED.openTickets, issueFrom: opened + 5 * MIN, issueTo: now - 2 * MIN, counters: OPEN_COUNTERS, operators, serviceScale: 0.8, cutoff: now - 30_000 });
    db.transaction(() => {
      ins.trip({ place: PLACES[0], date: localDate(opened), start: hhmm(opened), end: hhmm(opened + 4 * 60 * MIN), operators, counters: OPEN_COUNTERS, openedAt: opened, closedAt: null, sim });
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function describeDb(file) {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql) => db.prepare(sql).get();
    const byType = Object.fromEntries(db.prepare('SELECT type, count(*) AS n FROM queue_events GROUP BY type ORDER BY type').all().map((x) => [x.type, x.n]));
    const openTrip = one('SELECT id, date FROM trips WHERE closed_at IS NULL');
    const openRows = db.prepare('SELECT count(*) AS n FROM trips WHERE closed_at IS NULL').get().n;
    const openTickets = openTrip ? one(`SELECT count(*) AS n FROM tickets WHERE trip_id = ${openTrip.id}`).n : 0;
    const openEvents = openTrip ? Object.fromEntries(db.prepare(`SELECT type, count(*) AS n FROM queue_events WHERE trip_id = ${openTrip.id} GROUP BY type`).all().map((x) => [x.type, x.n])) : {};
    return {
      trips: one('SELECT count(*) AS n FROM trips').n,
      closedTrips: one('SELECT count(*) AS n FROM trips WHERE closed_at IS NOT NULL').n,
      openRows,
      openTrip,
      openTickets,
      openEvents,
      tickets: one('SELECT count(*) AS n FROM tickets').n,
      events: one('SELECT count(*) AS n FROM queue_events').n,
      byType,
      firstDate: one('SELECT min(date) AS d FROM trips').d,
      lastDate: one('SELECT max(date) AS d FROM trips').d,
      pageSize: db.pragma('page_size', { simple: true }),
      pages: db.pragma('page_count', { simple: true }),
      bytes: statSync(file).size,
    };
  } finally {
    db.close();
  }
}

function seedKey() {
  const h = createHash('sha256');
  h.update(`seed v${SEED_VERSION} ${JSON.stringify(SEED)}\n`);
  h.update(readFileSync(join(ROOT, 'src/store/migrations.ts')));
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  return h.digest('hex').slice(0, 12);
}

/**
 * Make the databases of this run: `big` (cached year + fresh open trip) and `small` (schema + the
 * same open trip only, to tell data-size costs from fixed costs). These stay pristine: the app runs
 * on a copy made by freshCopy() before each start, since it writes to its file (e.g. it records a
 * passed integrity check, which a later start would trust). Returns paths and a description.
 */
export function prepareDatabases(outDir, env, log = () => {}) {
  checkDataFiles();
  mkdirSync(outDir, { recursive: true });
  const key = seedKey();
  const cache = join(outDir, `history-${key}.db`);
  let built = false;
  const t0 = performance.now();
  // The cached year's chain is keyed with the key beside it: without that key it is worthless.
  if (existsSync(cache) && !existsSync(join(outDir, 'keys', 'handover-ed25519.pem'))) rmSync(cache, { force: true });
  if (!existsSync(cache)) {
    log(`seeding ${SEED.tickets.toLocaleString('en')} tickets over ${SEED.closedTrips} trips into ${cache} (once; cached by seed key ${key})...`);
    const tmp = `${cache}.tmp`;
    buildHistory(tmp, env, Date.now());
    for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
    renameSync(tmp, cache);
    writeFileSync(`${cache}.json`, JSON.stringify({ key, seed: SEED, builtAt: new Date().toISOString() }, null, 2));
    built = true;
  }
  const seedMs = performance.now() - t0;
  for (const f of readdirSync(outDir)) {
    if (/^history-[0-9a-f]+\.db/.test(f) && !f.startsWith(`history-${key}.db`)) rmSync(join(outDir, f), { force: true }); // older seeds
  }
  const now = Date.now();
  const big = join(outDir, 'bench.db');
  const small = join(outDir, 'bench-small.db');
  for (const f of [big, small]) removeDb(f);
  copyFileSync(cache, big);
  addOpenTrip(big, now);
  createSchema(small, env);
  addOpenTrip(small, now);
  return { big, small, cache, key, built, seedMs, bigInfo: describeDb(big), smallInfo: describeDb(small) };
}

function removeDb(file) {
  for (const ext of ['', '-wal', '-shm', '.checked', '.checked.tmp']) rmSync(file + ext, { force: true });
}

/** A working copy of a pristine database for one app start (same directory, `-run` suffix), with
 * nothing the app left beside an earlier copy (WAL, shared memory, clean-close mark). */
export function freshCopy(file) {
  const run = file.replace(/\.db$/, '') + '-run.db';
  removeDb(run);
  copyFileSync(file, run);
  return run;
}
