// Cash at the end of the trip (issue 15): the statement (biên bản thu lệ phí) per trip and per
// operator through the built CLI on a real file: fees due, cash, bank transfers awaited and confirmed
// (`dossier paid`), online, exempt, cancelled, the receipts behind each sum; on 80 mm paper decoded
// back and on A4 read back with pdftotext; refused, not printed, when a fee was changed behind the
// app's back (the sums themselves: tests/unit/cash.test.ts). And migration 15 on a database holding a transfer.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerAuditFunctions, verifyAudit } from '../../src/store/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { vehicleKey } from '../../src/store/vehicleKey.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

beforeAll(() => ensureBuilt(), 60_000);
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

type Sum = { n: number; vnd: number; codes: string[] };
type Statement = { due: Sum; lines: Record<string, Sum>; byOperator: ({ operator: string; due: Sum; lines: Record<string, Sum> })[]; operator: string | null; transfers: unknown[]; audit: { entries: number; mac: string } };

describe('the cash statement of a trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-cash-'));
  const db = join(dir, 'bus.db');
  const cli = (args: string[], input = '') => {
    const r = spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input = '') => {
    const r = cli(args, input);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  const receive = (who: string, pay: string, fee: number) =>
    (JSON.parse(ok(['--operator', who, '--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', pay, '--fee', String(fee)])) as { code: string }).code;
  let codes: Record<string, string>;

  beforeAll(() => {
    // the shipped office's account is a placeholder until the office confirms it (transfers need it)
    ok(['office', 'set', 'minh-chau', '--bank-verified']);
    ok(['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', 'Mai', '--office', 'minh-chau']);
    ok(['citizen', 'parse-qr', '--save'], QR);
    codes = {
      cash1: receive('Lan', 'cash', 8000),
      bankWait: receive('Lan', 'bank', 8000),
      bankPaid: receive('Lan', 'bank', 15000),
      exempt: receive('Lan', 'exempt', 0),
      online: receive('Mai', 'online', 10000),
      cash2: receive('Mai', 'cash', 5000),
      cancelled: receive('Mai', 'cash', 8000),
    };
    ok(['dossier', 'status', codes.cancelled as string, 'cancelled', '--note', 'công dân rút hồ sơ']);
  }, 120_000);

  it('a transfer is awaited until confirmed, once, and only a transfer', () => {
    expect(JSON.parse(ok(['--json', 'dossier', 'show', codes.bankPaid as string]))).toMatchObject({ payment: 'bank_qr', paymentState: 'awaiting', paidAt: null });
    // the bank's reference: checked (a line break or a reference past 40 characters is refused, nothing recorded)
    const bad = cli(['--lang', 'en', 'dossier', 'paid', codes.bankPaid as string, '--ref', 'FT26337\n0042']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('The transaction reference takes printable letters, digits and signs only');
    expect(cli(['--lang', 'en', 'dossier', 'paid', codes.bankPaid as string, '--ref', 'F'.repeat(41)]).stderr).toContain('longer than 40 characters');
    expect(JSON.parse(ok(['--json', 'dossier', 'show', codes.bankPaid as string]))).toMatchObject({ paymentState: 'awaiting', paidRef: null });
    const paid = JSON.parse(ok(['--operator', 'Mai', '--json', 'dossier', 'paid', codes.bankPaid as string, '--ref', ' FT26337  0042 ']));
    expect(paid).toMatchObject({ paymentState: 'paid', paidRef: 'FT26337 0042' });
    expect(ok(['--lang', 'en', 'audit', 'list'])).toContain(`payment.confirmed ${codes.bankPaid} ref FT26337 0042`);
    expect(Date.parse(paid.paidAt)).toBeGreaterThan(0);
    const again = cli(['--lang', 'en', 'dossier', 'paid', codes.bankPaid as string]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is already confirmed');
    expect(cli(['--lang', 'en', 'dossier', 'paid', codes.cash1 as string]).stderr).toContain('was not paid by bank transfer (cash)');
    expect(cli(['--lang', 'en', 'audit', 'verify']).status).toBe(0);
  });

  it('sums every way of paying with its receipts, for the trip and each operator, and they add up', () => {
    const s = JSON.parse(ok(['--json', 'report', 'cash'])) as Statement;
    expect(s.due).toEqual({ n: 6, vnd: 46000, codes: [codes.cash1, codes.bankWait, codes.bankPaid, codes.exempt, codes.online, codes.cash2] });
    expect(s.lines.cash).toEqual({ n: 2, vnd: 13000, codes: [codes.cash1, codes.cash2] });
    expect(s.lines.bankAwaiting).toEqual({ n: 1, vnd: 8000, codes: [codes.bankWait] });
    expect(s.lines.bankConfirmed).toEqual({ n: 1, vnd: 15000, codes: [codes.bankPaid] });
    // every transfer of the trip with where it stands and the bank's reference
    expect(s.transfers).toEqual([
      { code: codes.bankWait, feeVnd: 8000, operator: 'Lan', state: 'awaiting', paidAt: null, ref: null },
      { code: codes.bankPaid, feeVnd: 15000, operator: 'Lan', state: 'paid', paidAt: expect.any(String), ref: 'FT26337 0042' },
    ]);
    expect(s.lines.online).toEqual({ n: 1, vnd: 10000, codes: [codes.online] });
    expect(s.lines.exempt).toEqual({ n: 1, vnd: 0, codes: [codes.exempt] });
    expect(s.lines.cancelled).toEqual({ n: 1, vnd: 8000, codes: [codes.cancelled] });
    expect(s.byOperator.map((o) => [o.operator, o.due.vnd, o.lines.cash?.vnd])).toEqual([
      ['Lan', 31000, 8000],
      ['Mai', 15000, 5000],
    ]);
    expect(s.audit.entries).toBeGreaterThan(10);
    const mai = JSON.parse(ok(['--json', 'report', 'cash', '--collector', 'Mai'])) as Statement;
    expect(mai).toMatchObject({ operator: 'Mai', due: { n: 2, vnd: 15000 }, lines: { cancelled: { n: 1, vnd: 8000 } } });
    const text = ok(['--lang', 'en', 'report', 'cash']);
    expect(text).toMatch(/^FEES COLLECTED – CASH STATEMENT\n/);
    expect(text).toMatch(/Fees due +6 +46\.000 đ\n/);
    expect(text).toMatch(/ {2}Bank transfer, awaited +1 +8\.000 đ\n {4}.*-0002\n/);
    expect(text).toContain('Collected by Mai:');
    expect(text).toMatch(new RegExp(` {2}Bank transfer, received +1 +15\\.000 đ\n {4}${codes.bankPaid} \\(ref\\. FT26337 0042\\)\n`));
  });

  it('on receipt paper for signatures, and on A4', () => {
    const paper = join(dir, 'paper.bin');
    ok(['printer', 'add', 'nhiet', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'slips']);
    ok(['report', 'cash', '--print']);
    const printed = decodeEscPos(readFileSync(paper));
    expect(printed.unknown).toEqual([]);
    const lines = printed.lines.map((l) => l.text.trim());
    // the form's heading, then the sums, a record per receipt, and a place to sign for each
    expect(lines.slice(0, 4)).toEqual(['UBND XÃ MINH CHÂU', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ MINH CHÂU', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(lines).toContain('BIÊN BẢN THU LỆ PHÍ');
    expect(lines).toContain('Lệ phí phải thu: 6 hồ sơ - 46.000 đ');
    expect(lines).toContain('Chuyển khoản đang chờ: 1 hồ sơ - 8.000 đ');
    expect(lines).toContain('Chuyển khoản đã nhận: 1 hồ sơ - 15.000 đ');
    expect(lines).toContain('Phần của người thu Mai: 2 hồ sơ - 15.000 đ');
    expect(lines.join(' ')).toContain(`2. ${codes.bankWait}; Thủ tục: Đăng ký khai sinh; Người thu: Lan; Hình thức: Chuyển khoản đang chờ; Lệ phí: 8.000 đ`);
    expect(lines.join(' ')).toContain(`3. ${codes.bankPaid}; Thủ tục: Đăng ký khai sinh; Người thu: Lan; Hình thức: Chuyển khoản đã nhận, mã giao dịch FT26337 0042; Lệ phí: 15.000 đ`);
    expect(lines.filter((l) => l === 'NGƯỜI THU')).toHaveLength(2);
    expect(lines).toContain('NGƯỜI KIỂM TRA');
    expect(Math.max(...printed.lines.map((l) => [...l.text.trimEnd()].length))).toBeLessThanOrEqual(48);
    const pdf = join(dir, 'bien-ban.pdf');
    ok(['report', 'cash', '--pdf', pdf]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('BIÊN BẢN THU LỆ PHÍ');
    for (const c of Object.values(codes)) expect(text).toContain(c);
    expect(text).toMatch(/Chuyển khoản đang chờ: 1 hồ sơ – 8\.000 đ/);
    expect(text.replace(/\s+/g, ' ')).toContain('mã giao dịch FT26337 0042');
    expect(text).toContain('NGƯỜI KIỂM TRA');
  });

  it('a fee changed behind the app\'s back: refused, nothing printed', () => {
    const copy = join(dir, 'copy.db');
    copyFileSync(db, copy);
    execFileSync('sqlite3', [copy, `UPDATE dossiers SET fee_vnd = 0, payment = 'exempt' WHERE code = '${codes.cash2}'`]);
    const paper = join(dir, 'paper2.bin');
    const run = (...a: string[]) => spawnSync(process.execPath, [BIN, '--db', copy, '--lang', 'en', ...a], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    expect(run('printer', 'add', 'nhiet', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'slips').status).toBe(0);
    for (const args of [['report', 'cash'], ['report', 'cash', '--print'], ['report', 'cash', '--pdf', join(dir, 'no.pdf')]]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`No statement: dossier(s) ${codes.cash2} do not match the audit log`);
    }
    expect(existsSync(paper)).toBe(false);
    expect(existsSync(join(dir, 'no.pdf'))).toBe(false);
  });
});

// The sums themselves, checked without the CLI: tests/unit/cash.test.ts.
describe('migration 15 on a database holding a transfer', () => {
  it('a transfer recorded before confirmations existed is confirmed as of its receipt; the log stays whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cash-m14-'));
    const file = join(dir, 'old.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    registerAuditFunctions(raw, () => vehicleKey(file));
    for (let v = 1; v <= 14; v++) raw.transaction(() => {
      raw.exec(MIGRATIONS[v - 1] as string);
      raw.pragma(`user_version = ${v}`);
      if (v === 1) raw.pragma('application_id = 1280656455');
    })();
    const T = Date.parse('2026-11-23T01:00:00Z');
    raw.prepare("INSERT INTO citizens (id, full_name, name_folded, dob, gender, address, extra, created_at, updated_at) VALUES ('001152012345', 'Nguyễn Thị Hường', 'nguyen thi huong', '1952-03-15', 'female', 'Thôn 1', '[]', ?, ?)").run(T, T);
    for (const [i, pay] of [[1, 'bank_qr'], [2, 'cash']] as const) {
      raw.prepare(
        `INSERT INTO dossiers (code, agency, received_on, seq, citizen_id, citizen_name, procedure_key, procedure_name, field, grp, processing_days, documents, fee_vnd, payment, return_method, received_at, due_date, state, state_at, operator)
         VALUES (?, '000.00.20.H26', '2026-11-23', ?, '001152012345', 'Nguyễn Thị Hường', '1.001193', '{"vi":"Khai sinh","en":"Birth"}', 'civil', 'civil', 0, '[]', 8000, ?, 'next_visit', ?, '2026-11-23', 'received', ?, 'Lan')`,
      ).run(`000.00.20.H26-261123-000${i}`, i, pay, T + i, T + i);
      raw.prepare("INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator) VALUES (?, ?, NULL, 'received', 'Lan')").run(i, T + i);
    }
    raw.close();
    const up = openDatabase(file);
    expect(up.prepare('SELECT code, paid_at FROM dossiers ORDER BY id').all()).toEqual([
      { code: '000.00.20.H26-261123-0001', paid_at: T + 1 },
      { code: '000.00.20.H26-261123-0002', paid_at: null },
    ]);
    expect(up.prepare('SELECT dossier_id, at, kind, operator FROM payment_events').all()).toEqual([{ dossier_id: 1, at: T + 1, kind: 'confirmed', operator: 'Lan' }]);
    expect(verifyAudit(up, vehicleKey(file)).problemCount).toBe(0);
    up.close();
  });
});
