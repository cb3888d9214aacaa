// The forms, fees and offices through the built CLI, as an office would use them: an office set up
// from the app with a checked account; a trip opened for it; certified copies received (3 pages × 2
// copies = 10.000 đ) and paid by VietQR with the amount in tag 54; the slip read back from its PDF in
// the form's order; agency codes of all three forms in codes, search and scans; the register as CSV;
// a refusal without a dossier; a request to supplement; the thermal slips at 58 and 80 mm.
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/time.js';
import { parseCsv } from '../../src/core/csv.js';
import { classifyScan } from '../../src/core/scan/classify.js';
import { checkCrc, parseEmvTlv } from '../../src/core/vietqr.js';
import { loadDomainData } from '../../src/app/data.js';
import { wordingFaults } from '../helpers/wording.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NAME = 'Công Tôn Nữ Thị Thanh Hương Giang';
const ADDRESS = 'Số 12, ngõ 345 đường Nguyễn Văn Cừ, tổ dân phố Đồi Dùng Thượng, xã Minh Châu, thành phố Hà Nội';
const run = (db: string, args: string[], input = '') =>
  spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '', LUUDONG_DB: '' } });
const json = (r: ReturnType<typeof run>) => {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};
const pdfText = (f: string) => execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/luudong.cjs'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
});

describe('CLI: offices, fees and the one-stop forms', () => {
  it('certified copies, 3 pages × 2 copies, paid by VietQR: 10.000 đ in tag 54, and the slip says so in the form’s order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-forms-'));
    const db = join(dir, 'bus.db');
    // the shipped account is a placeholder: refused for QR until the office confirms its own
    json(run(db, ['--json', 'office', 'add', 'phu-son', '--agency-code', 'H01.152.03', '--agency', 'UBND xã Phú Sơn', '--unit', 'Trung tâm Phục vụ hành chính công xã Phú Sơn', '--place', 'Phú Sơn', '--bank-bin', '970415', '--bank-name', 'VietinBank', '--bank-account', '113000009999', '--account-name', 'UBND XA PHU SON']));
    const offices = json(run(db, ['--json', 'office', 'list']));
    // the three forms of agency code side by side, the new office after the shipped ones
    expect(offices.map((o: { id: string; agencyCode: string }) => `${o.id}=${o.agencyCode}`)).toEqual(['minh-chau=000.00.20.H26', 'my-duc=H26.107', 'phuc-lam=H01.151.01', 'phu-son=H01.152.03']);
    expect(offices.find((o: { id: string }) => o.id === 'phu-son')).toMatchObject({ source: 'vehicle', bank: { verified: false } });
    // one code per office
    expect(JSON.parse(run(db, ['--json', 'office', 'set', 'phu-son', '--agency-code', 'H26.107']).stdout).error.code).toBe('err.office.agencyTaken');
    json(run(db, ['--json', 'trip', 'open', '--commune', 'Xã Phú Sơn, Hà Nội', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Nguyễn Thị Lan', '--office', 'phu-son']));
    // the next visit there, where the result comes back (the receipt's default when one is scheduled)
    json(run(db, ['--json', 'schedule', 'add', '--commune', 'Xã Phú Sơn, Hà Nội', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--date', localDate(Date.now() + 60 * 86_400_000)]));
    json(run(db, ['--json', 'citizen', 'add', '--id', '001152012345', '--name', NAME, '--dob', '15/03/1952', '--gender', 'Nữ', '--address', ADDRESS]));
    const receive = ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '2.000815', '--docs', 'mandatory', '--pages', '3', '--copies', '2', '--pay', 'bank', '--phone', '+84 912 345 678', '--email', 'Giang.CTN@example.vn'];
    const placeholder = run(db, receive);
    expect(placeholder.status).toBe(1);
    expect(JSON.parse(placeholder.stdout).error.code).toBe('err.receipt.bankUnverified');
    json(run(db, ['--json', 'office', 'set', 'phu-son', '--bank-verified']));
    // the same office is already the trip's: the confirmed account counts at once
    const d = json(run(db, receive));
    expect(d.code).toMatch(/^H01\.152\.03-\d{6}-0001$/);
    expect(d).toMatchObject({ feeVnd: 10_000, payment: 'bank_qr', phone: '0912345678', email: 'giang.ctn@example.vn', agency: 'H01.152.03', fee: { rule: 'pages', pages: 3, units: 2, perCopyVnd: 5000 } });
    expect(d.register).toEqual({ book: expect.stringMatching(/^01\/\d{4}$/), no: 1 });
    expect(checkCrc(d.vietqr)).toBe(true);
    const tags = parseEmvTlv(d.vietqr);
    expect(tags.get('54')).toBe('10000');
    expect(parseEmvTlv(parseEmvTlv(tags.get('38') as string).get('01') as string).get('01')).toBe('113000009999');
    expect(parseEmvTlv(tags.get('62') as string).get('08')).toBe(d.code);
    // a fee that contradicts the pages and copies given is refused, naming both sums
    const wrong = run(db, ['--lang', 'en', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '2.000815', '--docs', 'mandatory', '--pages', '3', '--copies', '2', '--fee', '12000']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('12.000 đ');
    expect(wrong.stderr).toContain('10.000 đ');

    // the A4 slip, both copies, read back in the form's order
    const pdf = join(dir, 'slip.pdf');
    json(run(db, ['--json', 'forms', 'slip', d.code, '--out', pdf]));
    const text = pdfText(pdf);
    const order = [
      'UBND XÃ PHÚ SƠN', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ PHÚ SƠN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Phú Sơn, ngày',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', `Mã hồ sơ: ${d.code}`, '(Liên 1: Lưu)', `Tiếp nhận hồ sơ của: Bà ${NAME}`, `Địa chỉ: ${ADDRESS}`,
      'Số điện thoại: 0912345678', 'Email: giang.ctn@example.vn', 'Nội dung yêu cầu giải quyết: Chứng thực bản sao từ bản chính (2.000815)',
      '1. Thành phần hồ sơ nộp gồm:', 'Tên giấy tờ', 'Bản chính giấy tờ, văn bản cần chứng thực', '2. Số lượng hồ sơ: 01 (bộ)', '3. Thời gian giải quyết hồ sơ theo quy định: trong ngày',
      '4. Thời gian nhận hồ sơ:', '5. Thời gian trả kết quả giải quyết hồ sơ:', '6. Đăng ký nhận kết quả tại: điểm phục vụ lưu động Nhà văn hóa thôn Đồi Dùng',
      'Phí, lệ phí: 10.000 đồng (2 bản, mỗi bản 3 trang; nộp bằng chuyển khoản qua mã QR)', 'số tiền 10.000 đồng', 'Vào Sổ theo dõi hồ sơ, Quyển số: 01/', 'Số thứ tự: 1.',
      'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', 'Nguyễn Thị Lan', '(Ký và ghi rõ họ tên)', '(Liên 2: Giao người nộp hồ sơ)',
    ];
    let at = -1;
    for (const s of order) {
      const next = text.indexOf(s, at + 1);
      expect(next, `“${s}” after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    // the table's columns (pdftotext reads a table column by column)
    const table = text.slice(text.indexOf('1. Thành phần hồ sơ nộp gồm:'), text.indexOf('2. Số lượng hồ sơ'));
    for (const h of ['TT', 'Bản chính', 'Bản sao, chứng thực', 'Bản photo', 'Số lượng']) expect(table).toContain(h);
    expect(wordingFaults(text)).toEqual([]); // issue 19's faults: 'bạn', 'tại: tại', two spellings, …
    // two pages: one copy on each, the signatures with the content
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+2\n/);

    // the thermal slip (the applicant's copy) at 58 and 80 mm: every line within its paper
    for (const [paper, cols] of [['58', 32], ['80', 48]] as const) {
      const lines: string[] = json(run(db, ['--json', 'forms', 'slip', d.code, '--paper', paper])).lines;
      for (const l of lines) expect([...l].length, `${paper} mm: ${l}`).toBeLessThanOrEqual(cols);
      const joined = lines.join(' ').replace(/\s+/g, ' ');
      expect(joined).toContain('(Liên 2: Giao người nộp hồ sơ)');
      expect(joined).toContain(NAME);
      expect(joined).toContain('NGƯỜI NỘP HỒ SƠ');
      expect(wordingFaults(joined)).toEqual([]);
    }

    // codes of the new form found by code (any case), by name, and scanned
    expect(json(run(db, ['--json', 'dossier', 'find', d.code.toLowerCase()])).map((x: { code: string }) => x.code)).toEqual([d.code]);
    expect(json(run(db, ['--json', 'dossier', 'find', 'cong', 'ton', 'giang'])).map((x: { code: string }) => x.code)).toEqual([d.code]);
    expect(classifyScan(`${d.code}\r\n`, loadDomainData().provinces, '2026-11-23')).toEqual({ kind: 'dossier', code: d.code });

    // the register of the trip as CSV, with the dossier's entry number
    const csv = join(dir, 'register.csv');
    const reg = json(run(db, ['--json', 'register', 'show', '--csv', csv]));
    expect(reg.rows).toHaveLength(1);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    expect(rows[0]?.fields.slice(0, 2)).toEqual(['TT', 'Mã hồ sơ']);
    expect(rows[1]?.fields.slice(0, 2)).toEqual(['1', d.code]);
    expect(rows[1]?.fields.join(' ')).toContain('0912345678');

    // a refusal with no dossier: logged, numbered, printable
    const r = json(run(db, ['--json', 'dossier', 'refuse', '--name', 'Trần Văn Bình', '--address', 'Thôn Đông, xã Phú Sơn', '--procedure', '2.000884', '--reason', 'Giấy tờ cần chứng thực chữ ký có nội dung trái pháp luật']));
    expect(r).toMatchObject({ id: 1, dossierCode: null, citizenName: 'Trần Văn Bình', agency: 'H01.152.03' });
    const refusalPdf = join(dir, 'refusal.pdf');
    json(run(db, ['--json', 'forms', 'refusal', '1', '--out', refusalPdf]));
    expect(pdfText(refusalPdf)).toMatch(/PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ.*Trần Văn Bình.*Lý do: Giấy tờ cần chứng thực chữ ký có nội dung trái pháp luật.*NGƯỜI NỘP HỒ SƠ/);

    // a birth registration received without its birth certificate, on purpose: the request to supplement
    const b = json(run(db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', '1,3', '--exempt', 'birth_in_time', '--subject-name', 'Nguyễn Hoàng Bảo Ngọc', '--subject-date', '01/11/2026', '--incomplete', 'Thiếu giấy chứng sinh', '--contact', 'Chị Lan, 0912 000 111']));
    expect(b).toMatchObject({ state: 'supplement_requested', subject: { kind: 'birth', name: 'Nguyễn Hoàng Bảo Ngọc', date: '2026-11-01' }, fee: { exemption: { code: 'birth_in_time' } }, register: { no: 2 } });
    const sup = join(dir, 'supplement.pdf');
    json(run(db, ['--json', 'forms', 'supplement', b.code, '--out', sup]));
    expect(pdfText(sup)).toMatch(/PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ.*Người được đăng ký khai sinh: Nguyễn Hoàng Bảo Ngọc, sinh ngày 01\/11\/2026.*Giấy chứng sinh hoặc văn bản của người làm chứng.*Lý do: Thiếu giấy chứng sinh.*Chị Lan, 0912 000 111.*NGƯỜI HƯỚNG DẪN/);
    // the subject is in the register and on the control slip
    expect(JSON.stringify(json(run(db, ['--json', 'register', 'show'])).rows)).toContain('khai sinh cho Nguyễn Hoàng Bảo Ngọc');
    const ctl = join(dir, 'control.pdf');
    json(run(db, ['--json', 'forms', 'control', b.code, '--out', ctl]));
    expect(pdfText(ctl)).toMatch(/PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ.*Người được đăng ký khai sinh: Nguyễn Hoàng Bảo Ngọc/);
  }, 180_000); // some 25 runs of the CLI, each a second or two on a busy machine

  it('bad input is refused in the operator’s language and stores nothing: a phone, an exemption, a province fee not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-forms-'));
    const db = join(dir, 'bus.db');
    json(run(db, ['--json', 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--office', 'my-duc']));
    json(run(db, ['--json', 'citizen', 'add', '--id', '001152012345', '--name', NAME, '--dob', '15/03/1952', '--gender', 'Nữ', '--address', ADDRESS]));
    const bad = (args: string[]) => run(db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--docs', 'mandatory', ...args]);
    expect(JSON.parse(bad(['--procedure', '2.000884', '--phone', '024 3311 2233']).stdout).error.code).toBe('err.receipt.phone');
    expect(JSON.parse(bad(['--procedure', '1.001193', '--exempt', 'domestic_marriage']).stdout).error.code).toBe('err.receipt.exemption');
    const late = run(db, ['--lang', 'vi', 'dossier', 'receive', '--citizen', '001152012345', '--docs', 'mandatory', '--procedure', '1.001193', '--pay', 'cash']);
    expect(late.status).toBe(1);
    expect(late.stderr).toContain('HĐND tỉnh');
    expect(late.stderr).toContain('luudong office set my-duc --fee civil.birth_late=');
    expect(json(run(db, ['--json', 'dossier', 'find', 'cong ton'])).length).toBe(0);
    // with the province's rate set, a late registration pays it; the code starts with the trip's office
    json(run(db, ['--json', 'office', 'set', 'my-duc', '--fee', 'civil.birth_late=8000']));
    const d = json(run(db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--docs', 'mandatory', '--procedure', '1.001193', '--subject-name', 'Lê Văn Tám', '--subject-date', '02/01/2025']));
    expect(d).toMatchObject({ feeVnd: 8000, payment: 'cash', fee: { rule: 'province', type: 'le_phi' } });
    expect(d.code).toMatch(/^H26\.107-\d{6}-0001$/);
  }, 120_000);
});
