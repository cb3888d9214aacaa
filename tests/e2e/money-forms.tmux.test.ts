// Money and forms at the counter (issue 13 items 1, 3, 5), met as an operator meets them: the real
// TUI built and run in tmux at 80x24, in Vietnamese and in English. The VietQR of a bank transfer is
// captured off the terminal and read by a real QR decoder (jsQR), as a citizen's phone would read it;
// T confirms the transfer; a request to supplement and a refusal asked from the screen come out of
// the (file) printer, decoded back from its ESC/POS bytes; K lists the transfers still awaited, then
// closes, and the tickets left are stored as not served. Transfers go to Minh Châu's account (the
// office with one; Mỹ Đức's has none).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesOfRows } from '../../src/core/termqr.js';
import { checkCrc } from '../../src/core/vietqr.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { decodeModules } from '../helpers/qr-decode.js';
import { BIN } from '../helpers/build.js';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('money-forms');
const { tmux, type, press } = kit;
const cli = (db: string, ...args: string[]) => JSON.parse(execFileSync('node', [BIN, '--db', db, ...args, '--json'], { encoding: 'utf8' }));
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const receive = (db: string, ...args: string[]) => JSON.parse(execFileSync('node', [BIN, '--db', db, 'dossier', 'receive', '--qr', '--json', ...args], { input: QR, encoding: 'utf8' })) as { code: string; vietqr: string | null };

const waitScreen = (s: string, pred: (text: string) => boolean, what: string, ms = 15_000) => kit.waitScreen(s, pred, what, ms);
const start = (session: string, db: string, extra: string[] = []) => kit.startApp(session, ['--db', db, ...extra]);

const fits = fits80;
const flat = (sc: string) => sc.replace(/\s*│\s*│?\s*/g, ' ').replace(/\s+/g, ' ');

/**
 * A terminal capture as a camera sees the screen: each character cell one module wide and two tall,
 * the half blocks' ink dark, everything else (text, borders, blanks) light; then jsQR, which finds
 * the code wherever it is on the screen.
 */
const decodeScreen = (sc: string): string | null => decodeModules(modulesOfRows(sc.split('\n')));

/** The printer's output so far, as text lines. */
function printed(file: string): string[] {
  return existsSync(file) ? decodeEscPos(new Uint8Array(readFileSync(file))).lines.map((l) => l.text) : [];
}

function seeded(): { db: string; paper: string; bank: { code: string; vietqr: string }; later: { code: string }; plain: { code: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-money-forms-'));
  const db = join(dir, 'bus.db');
  const paper = join(dir, 'quay-1.escpos');
  cli(db, 'office', 'set', 'minh-chau', '--bank-verified');
  cli(db, 'printer', 'add', 'quay-1', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'slips');
  cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--office', 'minh-chau');
  for (let i = 0; i < 3; i++) cli(db, 'queue', 'issue', 'A');
  const bank = receive(db, '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'bank') as { code: string; vietqr: string };
  const later = receive(db, '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'bank');
  const plain = receive(db, '--procedure', '1.001193', '--docs', 'all');
  return { db, paper, bank, later, plain };
}

beforeAll(needTmux);
afterAll(() => kit.kill());

describe('money and forms at the counter, in a real terminal at 80x24', () => {
  it('vi: the VietQR off the screen decodes to the dossier’s payload; T confirms; a request to supplement prints; K lists the awaited transfer, then closes with the tickets left not served', async () => {
    const { db, paper, bank, later, plain } = seeded();
    const s = 'money-vi';
    start(s, db);
    await waitScreen(s, (x) => x.includes('Hàng chờ (3 người)'), 'the waiting line');

    press(s, '/');
    type(s, bank.code);
    await waitScreen(s, (x) => x.includes(`${bank.code}_`), 'the typed code');
    press(s, 'Enter');
    let sc = await waitScreen(s, (x) => x.includes('chờ xác nhận đã nhận tiền'), 'the transfer awaited');
    expect(sc).toContain('T Đã nhận tiền');
    expect(sc).toContain('Q Mã QR');
    press(s, 'q');
    sc = await waitScreen(s, (x) => x.includes('Quét mã để chuyển khoản'), 'the VietQR full screen');
    expect(fits(sc)).toBe(true);
    const payload = decodeScreen(sc);
    expect(payload).toBe(bank.vietqr);
    expect(checkCrc(payload as string)).toBe(true);
    expect(sc).toContain('Số tiền: 8.000 đ');
    expect(sc).toContain('Esc Quay lại');
    // drawn black on white, whatever the terminal's colours
    expect(tmux('capture-pane', '-p', '-e', '-t', s)).toMatch(/\x1b\[30m\x1b\[47m|\x1b\[30;47m|\x1b\[47;30m/);
    press(s, 'Escape');
    await waitScreen(s, (x) => x.includes('Lịch sử:'), 'the dossier again');

    press(s, 't');
    sc = await waitScreen(s, (x) => flat(x).includes(`Xác nhận đã nhận 8.000 đ chuyển khoản cho hồ sơ ${bank.code}`), 'the question');
    expect(fits(sc)).toBe(true);
    // the transaction reference the citizen's banking app shows, typed as a person types, then Enter
    expect(sc).toContain('Mã giao dịch: _');
    type(s, 'FT26337 0042');
    await waitScreen(s, (x) => x.includes('Mã giao dịch: FT26337 0042_'), 'the reference typed');
    press(s, 'Enter');
    sc = await waitScreen(s, (x) => x.includes('đã nhận tiền ('), 'the transfer confirmed');
    expect(sc).toContain('Mã giao dịch ngân hàng: FT26337 0042');
    expect(fits(sc)).toBe(true);
    expect(cli(db, 'dossier', 'show', bank.code)).toMatchObject({ paymentState: 'paid', paidRef: 'FT26337 0042' });

    // asking for papers prints the request to supplement
    press(s, 'Escape', 'C-u');
    type(s, plain.code);
    await waitScreen(s, (x) => x.includes(`${plain.code}_`), 'the other code');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('Chuyển sang:'), 'the other dossier');
    press(s, '3');
    await waitScreen(s, (x) => x.includes('Lý do: _'), 'the reason asked');
    type(s, 'Thiếu bản sao giấy chứng sinh');
    press(s, 'Enter');
    sc = await waitScreen(s, (x) => flat(x).includes('Đã gửi in Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ tới quay-1.'), 'the form printed');
    expect(fits(sc)).toBe(true);
    const until = Date.now() + 15_000;
    while (!printed(paper).some((l) => l.includes('PHIẾU YÊU CẦU BỔ SUNG')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const out = printed(paper).join('\n');
    expect(out).toContain('PHIẾU YÊU CẦU BỔ SUNG');
    expect(out).toContain('Thiếu bản sao giấy chứng sinh');

    // K: the transfer still awaited first, then the close
    press(s, 'Escape', 'Escape');
    await waitScreen(s, (x) => x.includes('Hàng chờ (3 người)'), 'the main screen');
    press(s, 'F3');
    await waitScreen(s, (x) => x.includes('Mời số A001'), 'A001 called');
    press(s, 'K');
    sc = await waitScreen(s, (x) => x.includes('Chuyển khoản chưa xác nhận (1)'), 'the awaited transfers');
    expect(sc).toContain(later.code.slice(-11));
    expect(fits(sc)).toBe(true);
    press(s, 'K');
    sc = await waitScreen(s, (x) => x.includes('Đóng chuyến') && x.includes('Nhấn Y'), 'the close question');
    expect(flat(sc)).toContain('Đã cấp 3 số: 0 đã xong, 0 vắng mặt, 2 đang chờ, 0 tạm dừng, 1 đang gọi hoặc đang phục vụ.');
    press(s, 'y');
    sc = await waitScreen(s, (x) => x.includes('Đã đóng chuyến'), 'the trip closed');
    expect(sc).toContain('0/3 số đã xong, 3 chưa phục vụ.');
    expect(cli(db, 'queue', 'stats', '--trip', '1')).toMatchObject({ issued: 3, noShows: 0, waiting: 0, inService: 0, unserved: 3 });
    expect(cli(db, 'dossier', 'show', later.code).paymentState).toBe('awaiting');
    press(s, 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  }, 120_000);

  it('en: the same QR and keys in English; a refusal from the screen prints its form', async () => {
    const { db, paper, bank, plain } = seeded();
    const s = 'money-en';
    start(s, db, ['--lang', 'en']);
    await waitScreen(s, (x) => x.includes('Waiting'), 'the main screen');
    press(s, '/');
    type(s, bank.code);
    await waitScreen(s, (x) => x.includes(`${bank.code}_`), 'the typed code');
    press(s, 'Enter');
    let sc = await waitScreen(s, (x) => x.includes('awaiting confirmation of receipt'), 'the transfer awaited');
    expect(sc).toContain('T Money in');
    expect(sc).toContain('Q QR code');
    press(s, 'q');
    sc = await waitScreen(s, (x) => x.includes('Scan to pay by bank transfer'), 'the VietQR full screen');
    expect(fits(sc)).toBe(true);
    expect(decodeScreen(sc)).toBe(bank.vietqr);
    expect(sc).toContain('Not yet confirmed as received.');
    press(s, 'Escape', 'Escape', 'C-u');
    type(s, plain.code);
    await waitScreen(s, (x) => x.includes(`${plain.code}_`), 'the other code');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('Move to:'), 'the other dossier');
    press(s, '6');
    await waitScreen(s, (x) => x.includes('Reason: _'), 'the reason asked');
    type(s, 'Không thuộc thẩm quyền của xã');
    press(s, 'Enter');
    sc = await waitScreen(s, (x) => flat(x).includes('Sent the refusal form to quay-1.'), 'the refusal printed');
    expect(fits(sc)).toBe(true);
    const until = Date.now() + 15_000;
    while (!printed(paper).some((l) => l.includes('TỪ CHỐI')) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const out = printed(paper).join('\n');
    // what the citizen receives is Vietnamese whatever the screen's language
    expect(out).toContain('PHIẾU TỪ CHỐI');
    expect(out).toContain('Không thuộc thẩm quyền của xã');
    press(s, 'C-c');
    await waitScreen(s, (x) => x.includes('EXITED'), 'the exit');
  }, 120_000);
});
