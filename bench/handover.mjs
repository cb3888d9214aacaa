#!/usr/bin/env node
// Handover benchmark: a trip of 10,000 dossiers, each with a small scan (4-12 KB), handed over to the
// one-stop office through the built CLI (`luudong handover export`), the bundle checked
// (`handover verify --key`), and 10,000 status updates brought back (`handover import --apply`).
// Each is timed from spawn to exit, with the process's peak RSS (getrusage maxRSS, read at exit).
// The seeded trip is cached in bench/out/ (keyed by the seeder version and the schema); every run
// works on a fresh copy of the database beside the cached attachments.
//
//   node bench/handover.mjs [--quick] [--no-write]      (needs the bundle: npm run build)
process.env.TZ ||= 'Asia/Ho_Chi_Minh';

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApi } from './lib/api.mjs';
import { writeSection } from './lib/results.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench/out');
const SEED_VERSION = 1;
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const WRITE = !args.has('--no-write');
const N = QUICK ? 1_000 : 10_000;
const REPS = QUICK ? 1 : 3;
// In the past, whatever the machine's clock says: the office's dates may not be in the future. A day
// holds 9,999 dossier codes, so a trip of 10,000 is received over two days.
const DAYS = ['2025-06-02', '2025-06-03'];

if (!existsSync(join(ROOT, 'dist/luudong.cjs'))) {
  console.error('bench: dist/ is missing - run `npm run build` first');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

// ---- seed: one trip, N dossiers, a scan each ---------------------------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Lò', 'Hà'];
const MIDDLE = ['Thị', 'Văn', 'Ngọc', 'Đức', 'Thu', 'Minh'];
const GIVEN = ['Hường', 'Lan', 'Mai', 'Hùng', 'Dũng', 'An', 'Bình', 'Thảo', 'Lộc', 'Yến', 'Đạt', 'Thủy'];
const pick = (r, a) => a[Math.floor(r() * a.length)];
const pad = (n, w) => String(n).padStart(w, '0');

async function seed(dir) {
  const { api, data } = await loadApi(ROOT);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'seed.db');
  const db = api.openDatabase(file);
  const at = new Date(`${DAYS[0]}T07:30:00+07:00`).getTime();
  const app = new api.Luudong({ db, data, file, operator: 'Nguyễn Thị Lan', now: () => at });
  const trip = app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: DAYS[0], start: '07:30', end: '11:30', operators: ['Nguyễn Thị Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  const r = rng(11);
  const citizens = new api.CitizenRepo(db);
  const repo = new api.DossierRepo(db);
  const days = new api.WorkingDays(data.calendar);
  const addFile = db.prepare("INSERT INTO dossier_files (dossier_id, kind, item, path, mime, bytes, sha256, created_at) VALUES (?, 'scan', 0, ?, 'application/pdf', ?, ?, ?)");
  const people = [];
  api.writeTx(db, (tx) => {
    for (let i = 0; i < Math.ceil(N * 0.7); i++) {
      const year = 1940 + Math.floor(r() * 80);
      const female = r() < 0.55;
      const c = { id: `001${(year >= 2000 ? 2 : 0) + (female ? 1 : 0)}${pad(year % 100, 2)}${pad(i, 6)}`, oldId: null, fullName: `${pick(r, SURNAMES)} ${pick(r, MIDDLE)} ${pick(r, GIVEN)}`, dob: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, gender: female ? 'female' : 'male', address: `Thôn ${1 + Math.floor(r() * 12)}, xã Mỹ Đức, Hà Nội`, issueDate: null, extra: [], raw: null };
      citizens.save(tx, c, at, null);
      people.push(c);
    }
    for (let i = 0; i < N; i++) {
      const c = pick(r, people);
      const p = data.procedures[i % data.procedures.length];
      const date = DAYS[i < N / 2 ? 0 : 1];
      const plan = api.planReceipt({ citizenId: c.id, procedure: api.procedureKey(p), documents: p.documents.flatMap((x, j) => (x.mandatory ? [j] : [])), payment: 'exempt', returnMethod: 'next_visit' }, p, c, data.office, days, date, '08:00');
      const seq = repo.nextSeq(tx, data.office.agencyCode, date);
      const id = repo.insert(tx, { plan, agency: data.office.agencyCode, seq, code: api.dossierCode(data.office.agencyCode, date, seq), tripId: trip.id, ticketId: null, vietqr: null, at, operator: 'Nguyễn Thị Lan' });
      // a small scan: a PDF header and incompressible bytes, 4-12 KB, stored as the app stores them
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 4096 + Math.floor(r() * 8192) }, () => Math.floor(r() * 256)))]);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const rel = join('attachments', sha.slice(0, 2), `${sha}.pdf`);
      mkdirSync(join(dir, dirname(rel)), { recursive: true });
      writeFileSync(join(dir, rel), bytes);
      addFile.run(id, rel, bytes.length, sha, at);
    }
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

const schema = readFileSync(join(ROOT, 'src/store/migrations.ts'), 'utf8').length;
const seedDir = join(OUT, `handover-v${SEED_VERSION}-${N}-${schema}`);
let seededIn = null;
if (!existsSync(join(seedDir, 'seed.db'))) {
  // seeds of other schemas or versions are stale (10,000 scans take ~100 MB)
  for (const name of readdirSync(OUT)) if (name.startsWith('handover-v')) rmSync(join(OUT, name), { recursive: true, force: true });
  process.stderr.write(`bench: seeding ${N.toLocaleString('en')} dossiers with attachments…\n`);
  const t0 = Date.now();
  const tmp = `${seedDir}.tmp`;
  await seed(tmp);
  rmSync(seedDir, { recursive: true, force: true });
  renameSync(tmp, seedDir);
  seededIn = (Date.now() - t0) / 1000;
}

// ---- measure ------------------------------------------------------------------------------------------
// Peak RSS of the CLI process as the kernel counts it, written to fd 3 as the process exits.
const MAXRSS = 'data:text/javascript,' + encodeURIComponent("import{writeSync}from'node:fs';process.on('exit',()=>writeSync(3,String(process.resourceUsage().maxRSS)))");
function cli(db, ...argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', MAXRSS, join(ROOT, 'bin/luudong.js'), '--db', db, '--operator', 'Nguyễn Thị Lan', ...argv], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`luudong ${argv.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { ms, rssMiB: Number(r.output[3]) / 1024, stdout: r.stdout, stderr: r.stderr };
}

const load = loadavg()[0];
const runs = { export: [], verify: [], import: [] };
let bundleBytes = 0;
for (let rep = 0; rep < REPS; rep++) {
  const db = join(seedDir, 'run.db');
  for (const ext of ['', '-wal', '-shm', '.checked']) rmSync(db + ext, { force: true });
  copyFileSync(join(seedDir, 'seed.db'), db);
  const bundle = join(OUT, 'handover-bundle');
  rmSync(bundle, { recursive: true, force: true });

  const ex = cli(db, '--json', 'handover', 'export', '--to', bundle, '--to-office', 'Bộ phận một cửa UBND xã Mỹ Đức');
  const exported = JSON.parse(ex.stdout);
  if (exported.counts.dossiers !== N || exported.counts.attachments !== N) throw new Error(`bench: exported ${JSON.stringify(exported.counts)}`);
  bundleBytes = exported.bytes;
  runs.export.push(ex);

  const ve = cli(db, '--json', 'handover', 'verify', bundle, '--key', join(bundle, 'vehicle.pub.pem'));
  if (!JSON.parse(ve.stdout).ok) throw new Error('bench: the fresh bundle did not verify');
  runs.verify.push(ve);

  // the office's answer: every dossier's result ready, as a CSV with quoted notes
  const dossiers = readFileSync(join(bundle, 'dossiers.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l).code);
  const csv = join(OUT, 'handover-updates.csv');
  writeFileSync(csv, ['code,status,date,note', ...dossiers.map((c, i) => `${c},result_ready,${DAYS[1]},"Kết quả số ${i + 1}, bản chính"`)].join('\r\n') + '\r\n');
  const im = cli(db, '--json', 'handover', 'import', csv, '--apply');
  const imported = JSON.parse(im.stdout);
  if (!imported.applied || imported.changes.length !== N) throw new Error(`bench: import applied ${imported.changes.length}`);
  runs.import.push(im);
  rmSync(csv, { force: true });
  rmSync(bundle, { recursive: true, force: true });
  for (const ext of ['', '-wal', '-shm', '.checked']) rmSync(db + ext, { force: true });
}

// ---- report --------------------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 0) => x.toFixed(d);
const row = (label, xs) => `| ${label} | ${REPS} | ${fmt(median(xs.map((x) => x.ms)) / 1000, 2)} | ${fmt(Math.min(...xs.map((x) => x.ms)) / 1000, 2)}–${fmt(Math.max(...xs.map((x) => x.ms)) / 1000, 2)} | ${fmt(median(xs.map((x) => x.rssMiB)), 1)} | ${fmt(Math.max(...xs.map((x) => x.rssMiB)), 1)} |`;
const rowsMd = [
  '| Command (built CLI, spawn to exit) | runs | median s | min–max s | peak RSS median, MiB | peak RSS max, MiB |',
  '|---|---|---|---|---|---|',
  row(`handover export: ${N.toLocaleString('en')} dossiers + ${N.toLocaleString('en')} scans, PDF record, signed`, runs.export),
  row('handover verify --key: hash every file, check the signature', runs.verify),
  row(`handover import --apply: ${N.toLocaleString('en')} CSV rows, one transaction`, runs.import),
];
console.log(rowsMd.join('\n'));
if (WRITE) {
  writeSection(ROOT, 'handover', 'Handover (bench/handover.mjs)', [
    `- Dataset: one trip of ${N.toLocaleString('en')} dossiers, each with one scan of 4-12 KB (random bytes, so nothing compresses), ${Math.ceil(N * 0.7).toLocaleString('en')} citizens; bundle ${(bundleBytes / 2 ** 20).toFixed(1)} MiB${seededIn ? `; seeded in ${seededIn.toFixed(1)} s` : ' (cached seed)'}.`,
    `- Method: the built CLI (bin/luudong.js) on a fresh copy of the database each run, the attachments beside it warm in the page cache; time from spawn to exit, peak RSS = getrusage maxRSS of the CLI process at exit. Export includes the disk sync of the bundle (\`sync -f\`) and recording the handover (every dossier moved to handed over in one transaction); import includes checking every row against the lifecycle and applying them in one transaction. Load average when the runs started: ${load.toFixed(2)} (other work on the machine shows in the spread).`,
    '',
    ...rowsMd,
  ]);
}
