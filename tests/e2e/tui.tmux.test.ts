// The real TUI, built and run in tmux at 80x24, driven with send-keys as a new operator would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { needTmux, pause, tmuxKit } from '../helpers/tmux.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/luudong.js');
/**
 * `type` sends its text in one burst, as a paste would, a human moment after the last key; `press`
 * sends named keys (Enter, F2, Escape, Tab...) a human moment apart, so that text and the key after it
 * are not one burst (the wedge router would take text ended by Enter within 30 ms for a scan). `scan`
 * is a keyboard-wedge scanner: text and Enter in one burst (tests/helpers/tmux.ts).
 */
const { tmux, screen, type, press, scan, waitScreen, startApp, kill } = tmuxKit('e2e');
/** Type, and wait until the field shows it. */
const typeSeen = async (s: string, text: string) => {
  type(s, text);
  await waitScreen(s, (x) => x.includes(text), `"${text}" typed`);
};
/** Wait until the screen satisfies `pred` and stays the same for 200 ms (no frame half drawn). */
async function settledScreen(s: string, pred: (text: string) => boolean, what: string, ms = 8000): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    const a = screen(s);
    await new Promise((r) => setTimeout(r, 200));
    last = screen(s);
    if (a === last && pred(last)) return last;
  }
  throw new Error(`screen never settled on ${what}; last screen:\n${last}`);
}

const start = (session: string, db: string, extra: string[] = [], size = { x: 80, y: 24 }, env = '') => startApp(session, ['--db', db, ...extra], env, size);

const cli = (db: string, ...args: string[]) => JSON.parse(execFileSync('node', [BIN, '--db', db, ...args, '--json'], { encoding: 'utf8' }));

beforeAll(() => {
  needTmux();
});
afterAll(() => {
  kill();
});

describe('the counter screen in a real terminal', () => {
  it('a first morning: open a trip, issue in two groups with a priority, call, finish, read the figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    const s = 'morning';
    start(s, db);
    let sc = await waitScreen(s, (x) => x.includes('Chưa mở chuyến'), 'the no-trip screen');
    expect(sc).toContain('O Mở chuyến');

    press(s, 'o');
    await waitScreen(s, (x) => x.includes('Mở chuyến mới'), 'the trip form');
    // As a person does: the text typed is seen in its field before Enter. Pasted at once it is a
    // burst, and a burst with its Enter read in one look (the screen busy a moment, as under load)
    // is a scanner's, by design.
    await typeSeen(s, 'Xã Mỹ Đức');
    press(s, 'Enter');
    await typeSeen(s, 'Nhà văn hóa thôn Đồi Dùng');
    press(s, 'Enter', 'Enter', 'Enter', 'Enter'); // date, start and end keep their defaults
    await typeSeen(s, 'Nguyễn Thị Lan, Trần Văn Hùng');
    press(s, 'Enter');
    press(s, 'C-u');
    await typeSeen(s, '1=A,B 2=*');
    press(s, 'Enter');
    sc = await waitScreen(s, (x) => x.includes('Đã mở chuyến'), 'the trip opened');
    expect(sc).toContain('Nhà văn hóa thôn Đồi Dùng');
    expect(sc).toMatch(/> Quầy 1 .*\[A B\]/);

    press(s, 'F2');
    await waitScreen(s, (x) => x.includes('chọn nhóm dịch vụ'), 'the group picker');
    press(s, 'a');
    await waitScreen(s, (x) => x.includes('ưu tiên?'), 'the priority picker');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('Đã cấp số A001'), 'ticket A001');
    press(s, 'F2', 'a', '1'); // an elderly citizen
    sc = await waitScreen(s, (x) => x.includes('Đã cấp số A002'), 'ticket A002');
    expect(sc).toContain('Người cao tuổi');
    press(s, 'n', 'b', 'Enter');
    sc = await waitScreen(s, (x) => x.includes('Đã cấp số B001'), 'ticket B001');
    expect(sc).toContain('Hàng chờ (3 người)');

    press(s, 'F3');
    sc = await waitScreen(s, (x) => x.includes('Mời số A002 đến Quầy 1'), 'the priority ticket called first');
    press(s, 'F5');
    await waitScreen(s, (x) => /A002\* đang phục vụ/.test(x), 'A002 being served');
    press(s, 'F6');
    await waitScreen(s, (x) => x.includes('Đã xong số A002'), 'A002 finished');
    press(s, 'F3');
    await waitScreen(s, (x) => x.includes('Mời số A001 đến Quầy 1'), 'A001 called');
    press(s, 'Tab');
    await waitScreen(s, (x) => x.includes('Máy này làm Quầy 2'), 'the desk switched to counter 2');
    press(s, 'F3');
    await waitScreen(s, (x) => x.includes('Mời số B001 đến Quầy 2'), 'B001 called at counter 2');

    press(s, 'F10');
    sc = await waitScreen(s, (x) => x.includes('Số liệu chuyến'), 'the figures');
    expect(sc).toContain('Đã cấp: 3');
    expect(sc).toContain('Đã phục vụ: 1');
    expect(sc).toContain('Ưu tiên: 1');
    for (const line of sc.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    press(s, 'Escape');
    await waitScreen(s, (x) => x.includes('Hàng chờ'), 'back on the main screen');

    press(s, 'F1');
    sc = await waitScreen(s, (x) => x.includes('Phím tắt'), 'the help overlay');
    expect(sc).toContain('F9 / T');
    press(s, 'Escape');

    press(s, 'q');
    await waitScreen(s, (x) => x.includes('Thoát chương trình?'), 'the quit question');
    press(s, 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
    // The file was checked on the way out and marked, so tomorrow's start need not check it.
    expect(existsSync(`${db}.checked`)).toBe(true);

    const stats = cli(db, 'queue', 'stats');
    expect(stats.issued).toBe(3);
    expect(stats.served).toBe(1);
    expect(stats.byCounter.find((c: { counter: number }) => c.counter === 1).served).toBe(1);
  });

  it('resizes cleanly and follows another process’s writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Trường tiểu học Hợp Thanh', '--staff', 'Lan', '--counter', '1=*');
    const s = 'resize';
    start(s, db, ['--lang', 'en']);
    await waitScreen(s, (x) => x.includes('Counter 1') && x.includes('Nobody is waiting'), 'the English main screen');
    // A ticket issued from another process (e.g. a kiosk script) shows up without a key press.
    cli(db, 'queue', 'issue', 'H', '--priority', 'pregnant');
    await waitScreen(s, (x) => x.includes('H001*'), 'the ticket issued elsewhere', 3000);
    tmux('resize-window', '-t', s, '-x', '120', '-y', '30');
    let sc = await settledScreen(s, (x) => x.split('\n')[0]!.trimEnd().length > 80, 'a wider header');
    expect(sc).toContain('Counter 1');
    const lines = sc.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(30);
    tmux('resize-window', '-t', s, '-x', '80', '-y', '24');
    // Once the terminal has settled: the narrow layout, drawn once, with nothing left of the wide one.
    sc = await settledScreen(s, (x) => x.split('\n')[0]!.trimEnd().length <= 80 && x.includes('H001*'), 'back to 80 columns');
    expect(sc.split('\n').filter((l) => l.includes('F1 Help')).length).toBe(1);
    expect(sc.split('\n').filter((l) => l.includes('Counter 1')).length).toBe(1);
    press(s, 'C-c');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'exit on Ctrl+C');
  });
  it('receives a dossier from a scanned ID card to the slip, finds it again, and records help and satisfaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
    const paper = join(dir, 'printer.bin');
    cli(db, 'printer', 'add', 'quay-1', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'tickets,slips');
    cli(db, 'queue', 'issue', 'A');
    const s = 'receipt';
    start(s, db);
    await waitScreen(s, (x) => x.includes('A001'), 'the waiting ticket');
    press(s, 'c');
    await waitScreen(s, (x) => x.includes('Mời số A001'), 'the call');
    press(s, 's');
    let sc = await waitScreen(s, (x) => x.includes('H Nhận hồ sơ'), 'the receive key in the key bar');

    press(s, 'h');
    await waitScreen(s, (x) => x.includes('bước 1/8'), 'the citizen step');
    // A misread scan is refused with a reason and cleared; the real scan arrives as one burst.
    await typeSeen(s, 'hello');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('Không đọc được'), 'the bad-scan message');
    scan(s, '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021');
    await waitScreen(s, (x) => x.includes('bước 2/8') && x.includes('Nguyễn Thị Hường'), 'the procedure step with the citizen');
    type(s, 'dang ky khai sinh');
    sc = await waitScreen(s, (x) => x.includes('dang ky khai sinh_'), 'the filter');
    expect(sc.split('\n').find((l) => l.includes('> '))).toContain('Đăng ký khai sinh');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('bước 3/8'), 'the checklist');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('Thiếu giấy tờ bắt buộc số 1, 2, 3'), 'the missing documents');
    type(s, '123');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('bước 4/8') && x.includes('> không phải nộp (miễn hoặc không thu)'), 'the fee step, exempt');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('bước 5/8'), 'the return step');
    press(s, 'Down', 'Down');
    await waitScreen(s, (x) => x.includes('> Địa chỉ nhận qua bưu chính công ích') && x.includes('Thôn Đồi Dùng'), 'post, with the card address');
    press(s, 'Tab', 'C-u');
    await typeSeen(s, 'Số 5 ngõ 2, thôn Tế Tiêu, xã Mỹ Đức');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('bước 6/8'), 'the contact step');
    press(s, 'Enter');
    sc = await waitScreen(s, (x) => x.includes('bước 7/8'), 'the confirmation');
    expect(sc).toContain('Số phiếu xếp hàng: A001');
    expect(sc).toContain('Giấy tờ đã nhận: 3/4');
    press(s, 'Enter');
    sc = await settledScreen(s, (x) => x.includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'), 'the slip');
    const code = /H26\.107-\d{6}-0001/.exec(sc)?.[0]; // the trip at Xã Mỹ Đức works for the office of Mỹ Đức
    expect(code).toBeDefined();
    expect(sc).toContain('Bà Nguyễn Thị Hường');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes(`Đã tiếp nhận hồ sơ ${code}`), 'the status line');

    // Find it by name without diacritics and hand it over to the commune office.
    press(s, '/');
    type(s, 'huong');
    await waitScreen(s, (x) => x.includes('Nguyễn Thị Hường') && x.includes('Đã tiếp nhận'), 'the search result');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('1 Đã bàn giao'), 'the dossier with its next states');
    press(s, '1');
    await waitScreen(s, (x) => x.includes(`Hồ sơ ${code}: Đã bàn giao`), 'the state change');
    press(s, 'Escape', 'Escape');

    // Two keys for help without a dossier; finish, then the citizen's rating.
    press(s, 'a');
    await waitScreen(s, (x) => x.includes('Hỗ trợ không có hồ sơ'), 'the help list');
    press(s, '1');
    await waitScreen(s, (x) => x.includes('Đã ghi nhận: Kích hoạt tài khoản định danh điện tử (VNeID) – Nguyễn Thị Hường'), 'help logged with the citizen');
    press(s, 'f');
    await waitScreen(s, (x) => x.includes('Nhấn E rồi 1–5'), 'the finish with the rating hint');
    press(s, 'e', '5');
    await waitScreen(s, (x) => x.includes('mức hài lòng 5/5 cho số A001'), 'the rating');

    const d = cli(db, 'dossier', 'show', code as string);
    expect(d).toMatchObject({ state: 'handed_over', ticket: 'A001', returnMethod: 'post', postalAddress: 'Số 5 ngõ 2, thôn Tế Tiêu, xã Mỹ Đức', payment: 'exempt' });
    expect(d.events.map((e: { to: string }) => e.to)).toEqual(['received', 'handed_over']);
    const stats = cli(db, 'queue', 'stats');
    expect(stats.dossiers).toMatchObject({ dossiers: 1, helpTotal: 1, ratings: { n: 1, mean: 5 } });
    // The screen's print worker printed the ticket (queued by the CLI) and the slip, and a
    // background process kept the A4 PDF with the dossier.
    const until = Date.now() + 8000;
    while (cli(db, 'print', 'jobs').some((j: { state: string }) => j.state !== 'done') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(cli(db, 'print', 'jobs').map((j: { kind: string; state: string }) => `${j.kind}:${j.state}`).sort()).toEqual(['slip:done', 'slip_a4:done', 'ticket:done']);
    const printed = decodeEscPos(readFileSync(paper));
    expect(printed.qr).toContain(code);
    expect(printed.lines.map((l) => l.text).join('\n')).toContain('Nguyễn Thị Hường');
    expect(existsSync(join(dir, 'files', code as string, 'slip.pdf'))).toBe(true);
    expect(stats.dossiers.receipt.n).toBe(1);
    press(s, 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  });
  it('a keyboard-wedge scanner: bursts are scans on any screen, never keys or text in a field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
    cli(db, 'queue', 'issue', 'A');
    const s = 'wedge';
    start(s, db, ['--lang', 'en']);
    await waitScreen(s, (x) => x.includes('A001'), 'the waiting ticket');

    // Command letters inside a scan fire nothing: no call, no issue, no counter switch.
    scan(s, 'csnx9876543210');
    let sc = await waitScreen(s, (x) => x.includes('That scan is not an ID card'), 'the unknown-scan message');
    expect(sc).toContain('“csnx9876543210”');
    const q = cli(db, 'queue', 'list');
    expect(q.counters).toEqual([{ counter: 1, ticket: null }]);
    expect(q.waiting.flatMap((g: { tickets: { ticket: string }[] }) => g.tickets.map((t) => t.ticket))).toEqual(['A001']);

    // A ticket scan says where the ticket stands; scanned when it is called here, it starts it.
    scan(s, 'A001');
    await waitScreen(s, (x) => x.includes('Ticket A001: waiting'), 'the ticket status');
    press(s, 'c');
    await waitScreen(s, (x) => x.includes('A001') && x.includes('called'), 'the call');
    scan(s, 'A001');
    await waitScreen(s, (x) => x.includes('Serving A001') || x.includes('A001  serving') || x.includes('A001 serving'), 'service started by the scan');

    // With the find field focused and text typed in it, an ID-card scan opens the receipt with the
    // citizen; the field did not get the scan's text.
    press(s, '/');
    await waitScreen(s, (x) => x.includes('Find a dossier'), 'the find screen');
    type(s, 'ng');
    await waitScreen(s, (x) => x.includes(': ng_'), 'the typed filter');
    scan(s, '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021');
    sc = await waitScreen(s, (x) => x.includes('step 2/8') && x.includes('Nguyễn Thị Hường'), 'the receipt at the procedure step');
    expect(sc).not.toContain('001152012345|');
    // A card scanned mid-receipt is refused: the work in progress stays.
    scan(s, '001152012345|012345678|NGUYEN THI HUONG|15031952|Nu|Thon Doi Dung|10082021');
    await waitScreen(s, (x) => x.includes('Something is in progress') && x.includes('step 2/8'), 'the refusal');
    press(s, 'Escape');
    await waitScreen(s, (x) => !x.includes('step 2/8'), 'the receipt closed');

    // A known citizen's card through a plain US-keyboard wedge (marks lost, same words): the stored,
    // marked citizen, never the unmarked copy offered for saving over it (issue 13 item 4).
    scan(s, '001152012345|012345678|NGUYEN THI HUONG|15031952|Nu|Thon Doi Dung, xa My Duc, Ha Noi|10082021');
    sc = await waitScreen(s, (x) => x.includes('step 2/8') && x.includes('Nguyễn Thị Hường'), 'the known citizen, marked');
    expect(sc).not.toContain('Nguyen Thi Huong');
    press(s, 'Escape', 'Escape');
    await waitScreen(s, (x) => !x.includes('step 1/8') && !x.includes('step 2/8'), 'the receipt closed');
    // A new citizen's card through the wedge: the manual form, to put the marks back.
    scan(s, '036090001234||TRAN VAN AN|02011990|Nam|Xom 3, xa Hai Anh|10082021');
    sc = await waitScreen(s, (x) => x.includes('scanned in keyboard mode'), 'the warning');
    expect(sc).toMatch(/> Full name +Tran Van An_/);
    expect(sc).not.toContain('Something is in progress');
    press(s, 'Escape', 'Escape');

    // An old receipt's code opens its dossier (the status check).
    const d = cli(db, 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'all');
    scan(s, d.code);
    await waitScreen(s, (x) => x.includes(`Dossier ${d.code}: Received`), 'the dossier opened by its code');
    press(s, 'Escape', 'Escape', 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  });
  it('a scanner burst with Esc inside fires no command key (issue 15); a scan takes its echoed keys back out of a field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
    cli(db, 'queue', 'issue', 'A');
    const s = 'garbled';
    start(s, db, ['--lang', 'en']);
    await waitScreen(s, (x) => x.includes('A001'), 'the waiting ticket');
    press(s, 'c');
    await waitScreen(s, (x) => x.includes('Ticket A001 to Counter 1'), 'the call');

    // Ended by Enter: one scan, not recognised; the X inside it did not mark the ticket a no-show.
    scan(s, 'ABCDEFGH\x1bXYZWVUT');
    let sc = await waitScreen(s, (x) => x.includes('That scan is not'), 'the unknown-scan message');
    expect(sc).toContain('“ABCDEFGHXYZWVUT”');
    const called = cli(db, 'queue', 'list').counters;
    expect(called).toMatchObject([{ counter: 1, ticket: { ticket: 'A001', status: 'called' } }]);
    expect(cli(db, 'queue', 'list').noShows).toEqual([]);

    // Without Enter: one scan as well; the J inside it did not open the print jobs.
    type(s, 'ABCDEFGH\x1bJKLMNOP');
    sc = await waitScreen(s, (x) => x.includes('“ABCDEFGHJKLMNOP”'), 'the second unknown-scan message');
    expect(sc).not.toContain('Recent print jobs');
    expect(sc).toContain('Counter 1');

    // Typed text stays in the field; a scan's keys, shown as they came, leave it again.
    press(s, '/');
    await waitScreen(s, (x) => x.includes('Find a dossier'), 'the find screen');
    type(s, 'ng');
    await waitScreen(s, (x) => x.includes(': ng_'), 'the typed filter');
    scan(s, 'XYZ12345');
    sc = await settledScreen(s, (x) => x.includes('“XYZ12345”'), 'the scan refused');
    expect(sc).toContain(': ng_');
    expect(sc).not.toContain('ngXYZ');
    press(s, 'Escape', 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  });
  it('scans paper into an opened dossier, page progress on the status line (SANE test backend)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-e2e-'));
    const db = join(dir, 'bus.db');
    const sane = join(dir, 'sane');
    mkdirSync(sane);
    writeFileSync(join(sane, 'dll.conf'), 'test\n');
    const qr = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
    const d = JSON.parse(execFileSync('node', [BIN, '--db', db, 'dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'all', '--json'], { input: qr, encoding: 'utf8' }));
    const s = 'paper';
    start(s, db, [], { x: 80, y: 24 }, `SANE_CONFIG_DIR=${sane}`);
    await waitScreen(s, (x) => x.includes('Chưa mở chuyến'), 'the no-trip screen');
    press(s, '/');
    type(s, 'huong');
    await waitScreen(s, (x) => x.includes('Nguyễn Thị Hường'), 'the search result');
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes('S/B Quét giấy tờ'), 'the dossier with the scan keys');
    press(s, 's');
    await waitScreen(s, (x) => x.includes('Quét giấy tờ số mấy'), 'the item question');
    press(s, '2');
    await waitScreen(s, (x) => x.includes('Đang quét') || x.includes('Đã quét trang 1'), 'the progress');
    await waitScreen(s, (x) => x.includes(`Đã lưu 1 trang vào hồ sơ ${d.code}, giấy tờ số 2`), 'the saved scan', 30_000);
    // kept content-addressed beside the database, linked to checklist item 2 (index 1)
    const row = new Database(db, { readonly: true }).prepare("SELECT item, path FROM dossier_files WHERE kind = 'scan'").get() as { item: number; path: string };
    expect(row.item).toBe(1);
    expect(readFileSync(join(dir, row.path)).subarray(0, 5).toString()).toBe('%PDF-');
    press(s, 'Escape', 'Escape', 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  }, 60_000);
});
