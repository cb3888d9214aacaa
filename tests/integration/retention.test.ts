// Retention of personal data through the built CLI (`luudong purge`), on a real database and real
// files: the dry run changes nothing; --apply removes the personal data of old, handed over, finished
// dossiers only (names, ID numbers, addresses, notes, search entries, files), keeps every figure, and
// leaves recent, unfinished or never handed over dossiers as they were.
import { spawnSync } from 'node:child_process';
import { BIN } from '../helpers/build.js';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeScan } from '../../src/app/attachments.js';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { storeSlipPdf } from '../../src/app/print/slipPdf.js';
import type { Dossier } from '../../src/core/dossier.js';
import { DAY_MS } from '../../src/core/retention.js';
import { localDate } from '../../src/core/time.js';
import { openDatabase } from '../../src/store/db.js';
import type { Db } from '../../src/store/types.js';
import { HandoverRepo } from '../../src/store/handovers.js';
import { writeTx } from '../../src/store/tx.js';

const data = loadDomainData();
const QR = {
  a: '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021',
  b: '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022',
  c: '001185004321||Lê Thị Bình|20071985|Nữ|Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội|05052021',
  d: '001070009876||Phạm Văn Đức|11111970|Nam|Thôn An Phú, xã Mỹ Đức, Hà Nội|06062021',
};
const ID = { a: '001152012345', b: '036090001234', c: '001185004321', d: '001070009876' };
const BIRTH = '1.001193';
const birthDocs = (data.procedures.find((p) => p.code === BIRTH)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

function cli(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Every table's rows, to tell "nothing changed" from anything else. */
function dump(db: Db): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'dossier_names%' AND name != 'integrity_checks' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

/** Rows of the name index that a search for each word of `name` finds. */
const nameHits = (db: Db, word: string) => (db.prepare('SELECT rowid FROM dossier_names WHERE dossier_names MATCH ? ORDER BY rowid').all(`"${word}"*`) as { rowid: number }[]).map((r) => r.rowid);

/**
 * The story: trip 0 (70 days ago), handed over as a bundle; trip 1 (60 days ago), dossiers handed
 * over one by one, one never handed over, one still in processing; trip 2 (5 days ago).
 */
function build(file: string) {
  const real = Date.now();
  let clock = real - 70 * DAY_MS;
  const app = new Luudong({ db: openDatabase(file), data, file, now: () => clock, operator: 'Lan' });
  const tick = (minutes: number) => (clock += minutes * 60_000);
  const trip = () => app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: localDate(clock), start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }] });
  const serve = (citizen: keyof typeof QR, extra: { note?: string; post?: string } = {}): Dossier => {
    const group = data.groups.find((g) => g.code === data.procedures.find((p) => p.code === BIRTH)?.group)?.code ?? data.groups[0]!.code;
    app.issue(group);
    app.callNext(1);
    app.start(1);
    tick(4);
    app.citizenFromQr(QR[citizen]);
    const d = app.dossiers.receive(
      { citizenId: ID[citizen], procedure: BIRTH, documents: birthDocs, payment: 'exempt', returnMethod: extra.post ? 'post' : 'commune_office', postalAddress: extra.post ?? null, note: extra.note ?? null },
      { counter: 1 },
    );
    tick(2);
    app.finish(1);
    app.dossiers.rate(5, { counter: 1 });
    return d;
  };
  const move = (d: Dossier, ...states: Parameters<Luudong['dossiers']['setState']>[1][]) => {
    for (const s of states) {
      tick(60);
      app.dossiers.setState(d.code, s, `bà ${d.citizenName} gọi số 0912 345 678`);
    }
  };

  // trip 0: D's dossier, dealt with on the spot (no handed_over state), the trip handed over as a bundle
  const t0 = trip();
  const d6 = serve('d');
  app.dossiers.logHelp('vneid', null, ID.d);
  app.closeTrip();
  tick(180);
  writeTx(app.db, (tx) => new HandoverRepo(app.db).insert(tx, { uuid: 'test-0', at: clock, tripId: t0.id, toOffice: 'UBND xã Mỹ Đức', by: 'Lan', operator: 'Lan', dossiers: 1, manifestSha256: '0'.repeat(64), keyFingerprint: '0'.repeat(64) }));
  move(d6, 'result_ready', 'returned');
  storeScan(app.dossiers, file, d6, 0, pdf('scan of D'), clock);

  clock = real - 60 * DAY_MS;
  const t1 = trip();
  const d1 = serve('a', { note: 'Con thứ hai, mẹ là Nguyễn Thị Hường', post: 'Thôn Đồi Dùng, xã Mỹ Đức' });
  const d2 = serve('b');
  app.dossiers.logHelp('vneid', null, ID.b);
  const d3 = serve('c');
  const d4 = serve('a');
  app.closeTrip();
  move(d1, 'handed_over', 'result_ready', 'returned');
  move(d2, 'handed_over', 'refused');
  move(d3, 'handed_over', 'processing');
  move(d4, 'result_ready', 'returned'); // never handed over: no record at the office
  // the same scan bytes kept with d1 and with d3 (content-addressed: one file)
  storeScan(app.dossiers, file, d1, 0, pdf('shared scan'), clock);
  storeScan(app.dossiers, file, d3, 0, pdf('shared scan'), clock);
  storeSlipPdf(app.dossiers, file, d1, pdf('slip d1'), clock);
  storeSlipPdf(app.dossiers, file, d2, pdf('slip d2'), clock);

  clock = real - 5 * DAY_MS;
  const t2 = trip();
  const d5 = serve('a');
  app.dossiers.logHelp('vneid', null, ID.d); // D was helped recently: D stays
  app.closeTrip();
  move(d5, 'handed_over', 'result_ready', 'returned');
  return { app, trips: [t0.id, t1.id, t2.id], d: { d1, d2, d3, d4, d5, d6 } };
}

describe('luudong purge', () => {
  it('a dry run counts and changes nothing; --apply removes the personal data of old finished dossiers only and keeps the figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-purge-'));
    const file = join(dir, 'bus.db');
    const { app, trips, d } = build(file);
    // The spool printed every slip; the scanner sent two unusable scans, 40 days and 1 day ago.
    app.db.exec("UPDATE print_jobs SET state = 'done'");
    const jobsBefore = (app.db.prepare('SELECT ref FROM print_jobs ORDER BY id').all() as { ref: string }[]).map((r) => r.ref);
    expect(jobsBefore).toContain(d.d1.code);
    writeTx(app.db, (tx) => {
      app.scans.repo.logRejected(tx, app.now() - 40 * DAY_MS, 'quay-1', 'citizenInvalid', '001152012345|…|NGUYỄN THỊ HƯỜNG|…');
      app.scans.repo.logRejected(tx, app.now() - DAY_MS, 'quay-1', 'unknown', '8935049501234');
    });
    const figures = () => trips.map((id) => ({ dossiers: app.dossierFigures(id), queue: app.figures(id) }));
    const timeliness = () => Object.values(d).map((x) => app.dossiers.timeliness(app.dossiers.get(x.code)));
    const before = { figures: figures(), timeliness: timeliness(), dump: dump(app.db) };
    const stored = (app.db.prepare('SELECT DISTINCT path FROM dossier_files ORDER BY path').all() as { path: string }[]).map((r) => r.path);
    expect(stored).toHaveLength(4); // d1 and d3 share one scan
    for (const p of stored) expect(existsSync(join(dir, p)), p).toBe(true);
    app.db.close();

    // the period from data/retention.json (365 days): nothing is that old
    const none = cli(file, 'purge', '--json');
    expect(none.stderr).toBe('');
    expect(none.json()).toMatchObject({ applied: false, days: 365, dossiers: 0, citizens: 0, files: 0 });

    const dry = cli(file, 'purge', '--older-than', '30', '--json');
    expect(dry.code).toBe(0);
    // d1 (returned), d2 (refused), d6 (bundle of trip 0); B has no other dossier and no recent help
    expect(dry.json()).toMatchObject({ applied: false, days: 30, dossiers: 3, citizens: 1, files: 3, purgeId: null });
    expect(cli(file, 'purge', '--older-than', '30').stdout).toContain('Preview, nothing removed: the personal data of 3 dossiers');
    let db = openDatabase(file);
    expect(dump(db)).toEqual(before.dump);
    db.close();
    for (const p of stored) expect(existsSync(join(dir, p)), p).toBe(true);

    const applied = cli(file, '--operator', 'Trần Văn Hùng', 'purge', '--older-than', '30', '--apply', '--json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.json()).toMatchObject({ applied: true, days: 30, dossiers: 3, citizens: 1, files: 3, purgeId: 1, filesLeft: [] });

    db = openDatabase(file);
    const after = new Luudong({ db, data, file });
    try {
      // every figure and every dossier's timeliness as before
      expect(trips.map((id) => ({ dossiers: after.dossierFigures(id), queue: after.figures(id) }))).toEqual(before.figures);
      expect(Object.values(d).map((x) => after.dossiers.timeliness(after.dossiers.get(x.code)))).toEqual(before.timeliness);
      const now = dump(db);

      // the purged dossiers: no name, no ID number, no address, no notes; the rest of the row kept
      const row = (id: number) => (now.dossiers as { id: number }[]).find((r) => r.id === id) as Record<string, unknown>;
      const was = (id: number) => (before.dump.dossiers as { id: number }[]).find((r) => r.id === id) as Record<string, unknown>;
      for (const [x, gender] of [[d.d1, 'female'], [d.d2, 'male'], [d.d6, 'male']] as const) {
        expect(row(x.id)).toEqual({ ...was(x.id), citizen_id: `anonymous-${gender}`, citizen_name: '', postal_address: null, note: null, purge_id: 1 });
        expect(after.dossiers.events(after.dossiers.get(x.code)).every((e) => e.note === null)).toBe(true);
      }
      // nobody's data left in the text of the database: names, ID numbers, address, phone in notes
      const text = JSON.stringify((now.dossiers as { id: number }[]).filter((r) => [d.d1.id, d.d2.id, d.d6.id].includes(r.id)));
      for (const s of ['Hường', 'HƯỜNG', 'Trần Văn An', 'Phạm Văn Đức', ID.a, ID.b, ID.d, 'Đồi Dùng', '0912']) expect(text).not.toContain(s);
      // the audit trail: every event kept, states and times as they were; the purge recorded
      const events = (rows: unknown[] | undefined) => (rows as Record<string, unknown>[]).map(({ note: _note, ...e }) => e);
      expect(events(now.dossier_events)).toEqual(events(before.dump.dossier_events));
      expect(now.purges).toEqual([expect.objectContaining({ id: 1, operator: 'Trần Văn Hùng', older_than_days: 30, dossiers: 3, citizens: 1, files: 3 })]);

      // the spool's finished jobs of the purged dossiers are gone (their documents held the names);
      // unusable scans older than the cut-off too
      const purgedCodes = [d.d1.code, d.d2.code, d.d6.code];
      expect((db.prepare('SELECT ref FROM print_jobs ORDER BY id').all() as { ref: string }[]).map((r) => r.ref)).toEqual(jobsBefore.filter((r) => !purgedCodes.includes(r)));
      expect((db.prepare('SELECT raw FROM scan_log').all() as { raw: string }[]).map((r) => r.raw)).toEqual(['8935049501234']);

      // untouched: recent (d5), unfinished (d3), never handed over (d4); their events and notes too
      for (const x of [d.d3, d.d4, d.d5]) expect(row(x.id)).toEqual({ ...was(x.id), purge_id: null });
      const notesOf = (rows: unknown[] | undefined, id: number) => (rows as { dossier_id: number; note: string | null }[]).filter((e) => e.dossier_id === id).map((e) => e.note);
      for (const x of [d.d3, d.d4, d.d5]) expect(notesOf(now.dossier_events, x.id)).toEqual(notesOf(before.dump.dossier_events, x.id));

      // citizens: B removed with the history of changes; A (recent dossier), C (open), D (recent help) stay
      expect(after.citizen(ID.b)).toBeUndefined();
      expect(db.prepare('SELECT count(*) AS n FROM citizen_history WHERE citizen_id = ?').get(ID.b)).toEqual({ n: 0 });
      for (const id of [ID.a, ID.c, ID.d]) expect(after.citizen(id)?.id).toBe(id);
      expect(after.citizen('anonymous-male')).toMatchObject({ fullName: '', address: '', dob: '' });
      // B's old help keeps its kind and time, not the person; help by kind unchanged (figures above)
      expect((now.help_events as { citizen_id: string | null }[]).map((h) => h.citizen_id)).toEqual([ID.d, null, ID.d]);

      // search: the purged names are out of the index, the others still found
      expect(after.dossiers.find('tran van an')).toEqual([]);
      expect(after.dossiers.find(ID.b)).toEqual([]);
      expect(after.dossiers.find('nguyen thi huong').map((x) => x.code).sort()).toEqual([d.d4.code, d.d5.code].sort());
      expect(nameHits(db, 'duc')).toEqual([]);
      expect(nameHits(db, 'binh')).toEqual([d.d3.id]);
      db.exec("INSERT INTO dossier_names (dossier_names) VALUES ('integrity-check')");

      // files: the purged dossiers' slips and D's scan are gone with their folders; the scan shared
      // with d3 (still open) stays; the rows stay as a record
      const gone = stored.filter((p) => !existsSync(join(dir, p)));
      expect(gone).toHaveLength(3);
      expect(gone.filter((p) => p.startsWith('files/')).map((p) => dirname(p)).some((f) => existsSync(join(dir, f)))).toBe(false);
      const shared = (db.prepare('SELECT path FROM dossier_files WHERE dossier_id = ?').get(d.d3.id) as { path: string }).path;
      expect(existsSync(join(dir, shared))).toBe(true);
      expect(now.dossier_files).toEqual(before.dump.dossier_files);

      expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // the sanctioned path is the only one: no note erased on a dossier still in use, no state or
      // time changed on a purged one, and a purge is never undone
      expect(() => db.prepare('UPDATE dossier_events SET note = NULL WHERE dossier_id = ?').run(d.d3.id)).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE dossier_events SET to_state = 'received' WHERE dossier_id = ?").run(d.d1.id)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM dossier_events WHERE dossier_id = ?').run(d.d1.id)).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE dossiers SET purge_id = NULL WHERE id = ?').run(d.d1.id)).toThrow(/never undone/);
      expect(() => db.prepare('DELETE FROM purges').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }

    // a second purge finds nothing more; a file of a purged dossier back on disk (a purge cut short
    // between its commit and the deletion) is deleted by the next one
    expect(cli(file, 'purge', '--older-than', '30', '--apply', '--json').json()).toMatchObject({ dossiers: 0, citizens: 0, files: 0, purgeId: null });
    const back = join(dir, stored.find((p) => p.startsWith('files/')) as string);
    mkdirSync(dirname(back), { recursive: true, mode: 0o700 });
    writeFileSync(back, 'left behind', { mode: 0o600 });
    expect(cli(file, 'purge', '--older-than', '30', '--json').json()).toMatchObject({ dossiers: 0, files: 1 });
    expect(cli(file, 'purge', '--older-than', '30', '--apply', '--json').json()).toMatchObject({ dossiers: 0, files: 1, purgeId: 2 });
    expect(existsSync(back)).toBe(false);
  });

  it('refuses a period that is not a number of days', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'luudong-purge-')), 'bus.db');
    const zero = cli(file, 'purge', '--older-than', '0', '--json');
    expect(zero.code).toBe(1);
    expect(zero.json().error.code).toBe('err.retention.days');
    expect(cli(file, 'purge', '--older-than', 'ten').code).not.toBe(0);
  });
});
