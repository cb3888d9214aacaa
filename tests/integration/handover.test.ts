// The handover to the commune's one-stop office on real files and a real database: export a trip's
// bundle, verify it (and catch every kind of tampering), take the office's status updates back (all or
// nothing), list the results ready to return; and the same through the built CLI, with --json.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeScan } from '../../src/app/attachments.js';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { exportHandover, listHandovers, verifyHandover, type ExportOptions } from '../../src/app/handover.js';
import { keyFile, vehicleKey } from '../../src/app/handoverKey.js';
import { Luudong } from '../../src/app/luudong.js';
import { importUpdates, readyToReturn } from '../../src/app/officeUpdates.js';
import { storeSlipPdf } from '../../src/app/print/slipPdf.js';
import { displayDate, localDate } from '../../src/core/time.js';
import { translator } from '../../src/i18n/index.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';

const ROOT = resolve(import.meta.dirname, '../..');
const data = loadDomainData();
const FONTS = join(findDataDir(), 'fonts');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const QR2 = '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022';
let clock = 0;
const docsOf = (key: string) => (data.procedures.find((p) => p.code === key)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

/** A trip at Mỹ Đức with three dossiers: one with a scan, one with its slip written twice, one cancelled. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-handover-'));
  const file = join(dir, 'data', 'bus.db');
  clock = new Date(2026, 10, 23, 9, 0).getTime();
  const app = new Luudong({ db: openDatabase(file), data, now: () => clock, operator: 'Lan', file });
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Nguyễn Thị Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
  // results come back at the next visit to this place (issue 13 item 8: a visit must be scheduled on or after the due date)
  app.schedule.add({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2027-01-11', start: '07:30', end: '11:30', services: [], note: null });
  app.citizenFromQr(QR);
  app.citizenFromQr(QR2);
  const d1 = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: docsOf('1.001193'), payment: 'exempt', returnMethod: 'next_visit' });
  const d2 = app.dossiers.receive({ citizenId: '036090001234', procedure: '1.001193', documents: docsOf('1.001193'), payment: 'exempt', returnMethod: 'commune_office' });
  const d3 = app.dossiers.receive({ citizenId: '036090001234', procedure: '1.001193', documents: docsOf('1.001193'), payment: 'exempt', returnMethod: 'next_visit' });
  app.dossiers.setState(d3.code, 'cancelled', 'Công dân rút hồ sơ');
  const scan = storeScan(app.dossiers, file, d1, 0, Buffer.from('%PDF-1.4\n% scan of Tờ khai đăng ký khai sinh\n'), clock);
  storeSlipPdf(app.dossiers, file, d2, Buffer.from('%PDF-1.4\n% slip, first print\n'), clock);
  storeSlipPdf(app.dossiers, file, d2, Buffer.from('%PDF-1.4\n% slip, printed again\n'), clock); // replaces the file
  clock = new Date(2026, 10, 23, 11, 45).getTime();
  return { dir, file, app, d1, d2, d3, scan };
}

type Env = ReturnType<typeof setup>;

function options(env: Env, over: Partial<ExportOptions> = {}): ExportOptions {
  return { dir: join(env.dir, 'usb', 'bangiao'), dbFile: env.file, fontsDir: FONTS, t: translator('vi'), lang: 'vi', by: 'Nguyễn Thị Lan', toOffice: 'Bộ phận một cửa UBND xã Mỹ Đức', ...over };
}

/** The office's copy of the vehicle's public key, kept apart from any bundle. */
function officeKey(env: Env): string {
  const f = join(env.dir, 'office-kept.pub.pem');
  writeFileSync(f, vehicleKey(env.file).publicPem);
  return f;
}

function bundleFiles(dir: string, sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? bundleFiles(dir, join(sub, e.name)) : [join(sub, e.name)])).sort();
}

const lines = (f: string) => readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const pdfText = (f: string) => execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).normalize('NFC');

describe('handover export', () => {
  it('writes the bundle, signs it, records the handover; verify finds it intact with the office key', async () => {
    const env = setup();
    mkdirSync(join(env.dir, 'usb'));
    const phases = new Set<string>();
    const r = await exportHandover(env.app, options(env, { onProgress: (p) => phases.add(p) }));
    expect(r.counts).toEqual({ dossiers: 3, citizens: 2, events: 6, attachments: 2 }); // 3 received, 1 cancelled, 2 handed over
    expect(r.handedOver).toBe(2);
    expect([...phases].sort()).toEqual(['attachments', 'log', 'records', 'saving']);
    const dir = r.dir;
    expect(bundleFiles(dir)).toEqual([
      join('attachments', env.d1.code, `${env.scan.sha256}.pdf`),
      join('attachments', env.d2.code, 'slip.pdf'),
      'citizens.jsonl', 'control-slips.pdf', 'dossiers.jsonl', 'events.jsonl', 'handover-log.pdf', 'manifest.json', 'manifest.sig', 'vehicle.pub.pem',
    ].sort());
    // no staging folder left beside it
    expect(readdirSync(join(env.dir, 'usb'))).toEqual(['bangiao']);

    // the manifest lists every file but the envelope, with its size and hash, and the trip
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'luudong-handover', version: 1, id: r.id, to: { office: 'Bộ phận một cửa UBND xã Mỹ Đức' }, from: { by: 'Nguyễn Thị Lan', agencyCode: data.office.agencyCode }, trip: { commune: 'Xã Mỹ Đức', date: '2026-11-23' } });
    expect(manifest.files.map((f: { path: string }) => f.path)).toHaveLength(8);
    expect(manifest.key.fingerprint).toBe(vehicleKey(env.file).fingerprint);

    // the dossiers as they stand after the handover; the rewritten slip copied as it is now
    const ds = lines(join(dir, 'dossiers.jsonl'));
    expect(ds.map((d) => [d.code, d.state])).toEqual([[env.d1.code, 'handed_over'], [env.d2.code, 'handed_over'], [env.d3.code, 'cancelled']]);
    expect(ds[0]?.attachments).toEqual([{ kind: 'scan', item: 1, path: `attachments/${env.d1.code}/${env.scan.sha256}.pdf`, mime: 'application/pdf', bytes: env.scan.bytes, sha256: env.scan.sha256 }]);
    expect(readFileSync(join(dir, 'attachments', env.d2.code, 'slip.pdf'), 'utf8')).toContain('printed again');
    expect(lines(join(dir, 'citizens.jsonl')).map((c) => c.fullName)).toEqual(['Nguyễn Thị Hường', 'Trần Văn An']);
    const events = lines(join(dir, 'events.jsonl'));
    expect(events.filter((e) => e.to === 'handed_over')).toEqual([
      // `by` is the name printed on the record; the events name who was at the keyboard
      { code: env.d1.code, at: new Date(r.at).toISOString(), from: 'received', to: 'handed_over', operator: 'Lan', note: 'Bộ phận một cửa UBND xã Mỹ Đức' },
      { code: env.d2.code, at: new Date(r.at).toISOString(), from: 'received', to: 'handed_over', operator: 'Lan', note: 'Bộ phận một cửa UBND xã Mỹ Đức' },
    ]);

    // ...and the database says the same, to the millisecond
    const d1 = env.app.dossiers.get(env.d1.code);
    expect(d1.state).toBe('handed_over');
    expect(env.app.dossiers.events(d1).at(-1)).toEqual({ at: r.at, from: 'received', to: 'handed_over', operator: 'Lan', note: 'Bộ phận một cửa UBND xã Mỹ Đức' });
    expect(env.app.dossiers.get(env.d3.code).state).toBe('cancelled');
    expect(listHandovers(env.app)).toMatchObject([{ uuid: r.id, tripId: r.trip.id, toOffice: 'Bộ phận một cửa UBND xã Mỹ Đức', by: 'Nguyễn Thị Lan', operator: 'Lan', dossiers: 3, manifestSha256: r.manifestSha256 }]);

    // the private key stays next to the database, owner-only, and never travels
    expect(statSync(keyFile(env.file)).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(keyFile(env.file))).mode & 0o777).toBe(0o700);
    for (const f of bundleFiles(dir)) expect(readFileSync(join(dir, f), 'latin1'), f).not.toContain('PRIVATE KEY');

    // the handover list in Vietnamese, every dossier's code and due date on it
    const text = pdfText(join(dir, 'handover-log.pdf'));
    expect(text).toContain('DANH SÁCH BÀN GIAO HỒ SƠ');
    expect(text).toContain('BÊN GIAO');
    expect(text).toContain('BÊN NHẬN');
    // a control slip for each dossier, travelling with it
    const slips = pdfText(join(dir, 'control-slips.pdf'));
    for (const d of [env.d1, env.d2, env.d3]) expect(slips).toContain(`Mã hồ sơ: ${d.code}`);
    expect(slips.match(/PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/g)).toHaveLength(3);
    expect(text).toContain('Bộ phận một cửa UBND xã Mỹ Đức');
    // (a name wraps in its narrow column: read in reading order for it)
    expect(execFileSync('pdftotext', [join(dir, 'handover-log.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ')).toContain('Nguyễn Thị Hường');
    for (const d of [env.d1, env.d2, env.d3]) expect(text).toMatch(new RegExp(`${d.code.replace(/\./g, '\\.')}.*${d.dueDate.split('-').reverse().join('/')}`));

    const ok = await verifyHandover(dir, { keyFile: officeKey(env) });
    expect(ok).toMatchObject({ ok: true, signature: 'ok', keySource: 'office', diff: { missing: [], altered: [], extra: [], matching: 8 } });
    expect((await verifyHandover(dir)).keySource).toBe('bundle');
    env.app.db.close();
  });

  it('verify names a flipped byte, a deleted file, an added file, and an edited manifest as a bad signature', async () => {
    const env = setup();
    const { dir } = await exportHandover(env.app, options(env, { dir: join(env.dir, 'b') }));
    const key = officeKey(env);
    const scan = join('attachments', env.d1.code, `${env.scan.sha256}.pdf`);

    const bytes = readFileSync(join(dir, scan));
    bytes[10] = (bytes[10] as number) ^ 0x01;
    writeFileSync(join(dir, scan), bytes);
    let r = await verifyHandover(dir, { keyFile: key });
    expect(r.ok).toBe(false);
    expect(r.diff).toMatchObject({ altered: [scan.split('\\').join('/')], missing: [], extra: [] });
    expect(r.signature).toBe('ok');

    rmSync(join(dir, 'citizens.jsonl'));
    writeFileSync(join(dir, 'attachments', env.d1.code, 'extra-page.pdf'), '%PDF');
    r = await verifyHandover(dir, { keyFile: key });
    expect(r.diff.missing).toEqual(['citizens.jsonl']);
    expect(r.diff.extra).toEqual([`attachments/${env.d1.code}/extra-page.pdf`]);

    // the manifest edited to match the altered scan: the files agree again, the signature does not
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    m.to.office = 'Ai đó khác';
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
    r = await verifyHandover(dir, { keyFile: key });
    expect(r.signature).toBe('bad');
    expect(r.ok).toBe(false);

    rmSync(join(dir, 'manifest.sig'));
    expect((await verifyHandover(dir, { keyFile: key })).signature).toBe('missing');
    rmSync(join(dir, 'manifest.json'));
    expect((await verifyHandover(dir, { keyFile: key }).catch((e: unknown) => e)) as { code: string }).toMatchObject({ code: 'err.handover.manifest' });
    env.app.db.close();
  });

  it('a bundle signed by another key fails against the office key even when untouched', async () => {
    const env = setup();
    const { dir } = await exportHandover(env.app, options(env, { dir: join(env.dir, 'b') }));
    const other = join(env.dir, 'other.pub.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const r = await verifyHandover(dir, { keyFile: other });
    expect(r.signature).toBe('bad');
    expect(r.diff.matching).toBe(8);
    env.app.db.close();
  });

  it('refuses a used folder, a missing stick, a damaged attachment, leaving no bundle and no dossier handed over', async () => {
    const env = setup();
    const used = join(env.dir, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'old.txt'), 'x');
    const refused = async (o: Partial<ExportOptions>) => (await exportHandover(env.app, options(env, o)).then(() => new Error('exported'), (e: unknown) => e)) as { code: string; params: Record<string, unknown> };
    expect(await refused({ dir: used })).toMatchObject({ code: 'err.handover.exists' });
    expect(await refused({ dir: join(env.dir, 'no-stick', 'bangiao') })).toMatchObject({ code: 'err.handover.noParent' });

    const stored = join(dirname(env.file), env.scan.path);
    appendFileSync(stored, 'tampered');
    const target = join(env.dir, 'b');
    expect(await refused({ dir: target })).toMatchObject({ code: 'err.handover.damaged', params: { code: env.d1.code, path: env.scan.path } });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(env.dir).filter((n) => n.includes('partial'))).toEqual([]);
    rmSync(stored);
    expect(await refused({ dir: target })).toMatchObject({ code: 'err.handover.attachmentMissing' });
    expect(env.app.dossiers.get(env.d1.code).state).toBe('received');
    expect(listHandovers(env.app)).toEqual([]);
    env.app.db.close();
  });
});

describe('handover export into an existing folder', () => {
  it('writes into an empty folder (a stick\'s root); a dossier changed meanwhile undoes it all, the folder left empty', async () => {
    const env = setup();
    const stick = join(env.dir, 'stick');
    mkdirSync(stick);
    let changed = false;
    const e = await exportHandover(env.app, options(env, {
      dir: stick,
      // another desk cancels a dossier while the bundle is being written
      onProgress: (p) => {
        if (p === 'log' && !changed) {
          changed = true;
          env.app.dossiers.setState(env.d2.code, 'cancelled', 'Công dân rút hồ sơ');
        }
      },
    })).then(() => new Error('exported'), (x: unknown) => x);
    expect(e).toMatchObject({ code: 'err.handover.changed', params: { code: env.d2.code } });
    expect(readdirSync(stick)).toEqual([]);
    expect(env.app.dossiers.get(env.d1.code).state).toBe('received');
    expect(listHandovers(env.app)).toEqual([]);

    const r = await exportHandover(env.app, options(env, { dir: stick }));
    expect(r.dir).toBe(stick);
    expect(r.handedOver).toBe(1);
    expect(readdirSync(stick).sort()).toEqual(['attachments', 'citizens.jsonl', 'control-slips.pdf', 'dossiers.jsonl', 'events.jsonl', 'handover-log.pdf', 'manifest.json', 'manifest.sig', 'vehicle.pub.pem']);
    expect((await verifyHandover(stick, { keyFile: officeKey(env) })).ok).toBe(true);
    env.app.db.close();
  });
});

describe('status updates from the office', () => {
  async function handedOver() {
    const env = setup();
    await exportHandover(env.app, options(env, { dir: join(env.dir, 'b') }));
    clock = new Date(2026, 10, 30, 8, 0).getTime(); // the next visit, a week later
    return env;
  }
  const csv = (rows: string[]) => Buffer.from(['Mã hồ sơ,Trạng thái,Ngày,Ghi chú', ...rows].join('\r\n') + '\r\n');

  it('a file with one bad row applies nothing and names the row; the dry run says what would change', async () => {
    const env = await handedOver();
    const file = csv([`${env.d1.code},Đã có kết quả,25/11/2026,"Giấy khai sinh, bản chính"`, `${env.d2.code},returned,26/11/2026,`]);
    const dry = importUpdates(env.app, file, { apply: false });
    expect(dry.applied).toBe(false);
    expect(dry.changes.map((c) => [c.row, c.code, c.to])).toEqual([[2, env.d1.code, 'result_ready']]);
    expect(dry.problems.map((p) => [p.row, p.code, p.error.code])).toEqual([[3, env.d2.code, 'err.dossier.transition']]);

    const eventsBefore = env.app.dossiers.events(env.app.dossiers.get(env.d1.code)).length;
    const applied = importUpdates(env.app, file, { apply: true });
    expect(applied.applied).toBe(false);
    expect(applied.problems.map((p) => p.row)).toEqual([3]);
    expect(env.app.dossiers.get(env.d1.code).state).toBe('handed_over');
    expect(env.app.dossiers.events(env.app.dossiers.get(env.d1.code))).toHaveLength(eventsBefore);
    env.app.db.close();
  });

  it('a good file is applied once, with the office dates; imported again it changes nothing', async () => {
    const env = await handedOver();
    const file = csv([
      `${env.d1.code},processing,24/11/2026,`,
      `${env.d1.code},Đã có kết quả,25/11/2026,"Giấy khai sinh, bản chính"`,
      `${env.d2.code},supplement_requested,2026-11-26,Thiếu giấy chứng sinh`,
    ]);
    const r = importUpdates(env.app, file, { apply: true });
    expect(r).toMatchObject({ format: 'csv', rows: 3, applied: true, problems: [], unchanged: [] });
    const d1 = env.app.dossiers.get(env.d1.code);
    expect([d1.state, d1.resultOn]).toEqual(['result_ready', '2026-11-25']);
    expect(env.app.dossiers.events(d1).slice(-2).map((e) => [e.from, e.to, e.note, e.operator])).toEqual([
      ['handed_over', 'processing', null, 'Lan'],
      ['processing', 'result_ready', 'Giấy khai sinh, bản chính', 'Lan'],
    ]);
    expect(env.app.dossiers.get(env.d2.code).state).toBe('supplement_requested');

    const again = importUpdates(env.app, csv([`${env.d1.code},result_ready,25/11/2026,`]), { apply: true });
    expect(again).toMatchObject({ applied: true, changes: [], unchanged: [{ row: 2, code: env.d1.code, state: 'result_ready' }] });
    expect(env.app.dossiers.events(env.app.dossiers.get(env.d1.code))).toHaveLength(4);
    env.app.db.close();
  });

  it('results ready to return: by commune or trip, the vehicle returns only unless asked for all', async () => {
    const env = await handedOver();
    importUpdates(env.app, Buffer.from(JSON.stringify([
      { code: env.d1.code, status: 'result_ready', date: '2026-11-25' },
      { code: env.d2.code, status: 'result_ready', date: '2026-11-26' },
    ])), { apply: true });
    const codes = (q: Parameters<typeof readyToReturn>[1]) => readyToReturn(env.app, q).dossiers.map((x) => x.dossier.code);
    // the trip is still open: its commune by default
    expect(readyToReturn(env.app)).toMatchObject({ commune: 'Xã Mỹ Đức', dossiers: [{ dossier: { code: env.d1.code }, commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng' }] });
    expect(codes({ commune: 'my duc' })).toEqual([env.d1.code]);
    expect(codes({ commune: 'Xã Hải Anh' })).toEqual([]);
    expect(codes({ tripId: env.d1.tripId as number, returnMethods: ['next_visit', 'commune_office', 'post'] })).toEqual([env.d1.code, env.d2.code].sort((a, b) => (a < b ? -1 : 1)));
    env.app.dossiers.setState(env.d1.code, 'returned');
    expect(codes({})).toEqual([]);
    expect(refusal(() => readyToReturn(env.app, { tripId: 99 })).code).toBe('err.tripNotFound');
    env.app.db.close();
  });
});

describe('CLI: luudong handover', () => {

  it('export, key, verify (with and without the office key), tamper, import dry run and apply, ready, list, with --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-handover-'));
    const db = join(dir, 'bus.db');
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    expect(cli('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Nguyễn Thị Lan', '--office', 'minh-chau').status).toBe(0);
    expect(cli('citizen', 'add', '--id', '001152012345', '--name', 'Nguyễn Thị Hường', '--dob', '15/03/1952', '--gender', 'Nữ', '--address', 'Thôn Đồi Dùng').status).toBe(0);
    // the next visit there, where the result comes back (the receipt's default when one is scheduled)
    expect(cli('schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--date', localDate(Date.now() + 60 * 86_400_000)).status).toBe(0);
    const code = (JSON.parse(cli('--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt').stdout) as { code: string }).code;

    const key = JSON.parse(cli('--json', 'handover', 'key').stdout) as { fingerprint: string; publicKey: string; created: boolean };
    // made with the database (it keys the audit chain too), not by this command
    expect(key.created).toBe(false);
    expect(key.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const kept = join(dir, 'office.pub.pem');
    writeFileSync(kept, key.publicKey);
    expect(cli('handover', 'key').stdout).toContain('Dấu vân tay khóa ký số của xe: sha256: ');

    const out = join(dir, 'bangiao');
    const ex = cli('--json', 'handover', 'export', '--to', out, '--to-office', 'Bộ phận một cửa UBND xã Mỹ Đức');
    expect(ex.status, ex.stderr).toBe(0);
    expect(JSON.parse(ex.stdout)).toMatchObject({ counts: { dossiers: 1, citizens: 1 }, handedOver: 1, by: 'Nguyễn Thị Lan', keyFingerprint: key.fingerprint, keyCreated: false });
    // not a terminal: no progress bar, only the summary line
    expect(ex.stderr).not.toContain('\r');
    expect(ex.stderr).toMatch(/^Bàn giao xong: 1 hồ sơ, 0 tệp đính kèm, .* giây\.\n$/);
    expect(JSON.parse(cli('--json', 'dossier', 'show', code).stdout).state).toBe('handed_over');

    const ok = cli('--json', 'handover', 'verify', out, '--key', kept);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, signature: 'ok', keySource: 'office', missing: [], altered: [], extra: [], warnings: [] });
    expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: 'intact' });
    // Without the office's key it cannot say intact: any key could have signed it. Exit code 3.
    const own = cli('--lang', 'en', 'handover', 'verify', out);
    expect(own.status).toBe(3);
    expect(own.stdout).not.toContain('The bundle is intact');
    expect(own.stdout).toMatch(/UNVERIFIED: \d+ files match the manifest/);
    expect(own.stderr).toContain('checked with the key inside the bundle only');
    expect(JSON.parse(cli('--json', 'handover', 'verify', out).stdout)).toMatchObject({ ok: false, verdict: 'unverified', signature: 'ok', keySource: 'bundle' });

    appendFileSync(join(out, 'events.jsonl'), '{}\n');
    const bad = cli('--json', 'handover', 'verify', out, '--key', kept);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, altered: ['events.jsonl'] });
    expect(bad.stderr).toContain('Gói bàn giao không nguyên vẹn: 1 vấn đề.');
    const badText = cli('--lang', 'en', 'handover', 'verify', out, '--key', kept);
    expect(badText.stdout).toContain('Altered file: events.jsonl');

    // The CLI runs on the machine's clock: the office's date is today, the day of receipt.
    const today = localDate(Date.now());
    const updates = join(dir, 'capnhat.csv');
    writeFileSync(updates, `\uFEFFMã hồ sơ;Trạng thái;Ngày;Ghi chú\r\n${code};Đã có kết quả;${displayDate(today)};Bản chính\r\n000.00.20.H26-261123-0099;processing;${displayDate(today)};\r\n`);
    const dry = cli('--json', 'handover', 'import', updates);
    expect(dry.status).toBe(1);
    const dryJson = JSON.parse(dry.stdout);
    expect(dryJson).toMatchObject({ applied: false, changes: [{ row: 2, code, to: 'result_ready' }], problems: [{ row: 3, reason: 'err.update.unknown' }] });
    expect(dry.stderr).toContain('dòng 3');
    expect(cli('--json', 'handover', 'import', updates, '--apply').status).toBe(1);
    expect(JSON.parse(cli('--json', 'dossier', 'show', code).stdout).state).toBe('handed_over');

    writeFileSync(updates, `code,status,date,note\n${code},result_ready,${today},"Bản chính, 1 bộ"\n`);
    const dry2 = cli('handover', 'import', updates);
    expect(dry2.status).toBe(0);
    expect(dry2.stdout).toContain('Chạy thử: 1 hồ sơ sẽ được cập nhật');
    const applied = cli('--json', 'handover', 'import', updates, '--apply');
    expect(applied.status, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, changes: [{ code, from: 'handed_over', to: 'result_ready', date: today, note: 'Bản chính, 1 bộ' }] });
    expect(applied.stderr).toMatch(/^Đã đọc 1 dòng trong .* giây\.\n$/);

    const ready = JSON.parse(cli('--json', 'handover', 'ready').stdout);
    expect(ready).toMatchObject({ commune: 'Xã Mỹ Đức', dossiers: [{ code, state: 'result_ready', resultOn: today, commune: 'Xã Mỹ Đức' }] });
    expect(cli('handover', 'ready', '--commune', 'Hải Anh').stdout).toContain('Không có kết quả nào chờ trả');
    expect(JSON.parse(cli('--json', 'handover', 'list').stdout)).toMatchObject([{ tripId: 1, dossiers: 1, by: 'Nguyễn Thị Lan', toOffice: 'Bộ phận một cửa UBND xã Mỹ Đức' }]);

    // a large report through a pipe arrives whole (1,500 bad rows: some 300 KB of JSON)
    writeFileSync(updates, ['code,status,date', ...Array.from({ length: 1500 }, (_, i) => `000.00.20.H26-200101-${String(i + 1).padStart(4, '0')},processing,${today}`)].join('\n'));
    const big = cli('--json', 'handover', 'import', updates);
    expect(big.status).toBe(1);
    expect(big.stdout.length).toBeGreaterThan(200_000);
    expect(JSON.parse(big.stdout).problems).toHaveLength(1500);

    const again = cli('--json', 'handover', 'export', '--to', out);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'err.handover.exists' } });
  }, 120_000); // some thirty CLI runs: seconds each on a loaded machine
});
