// Records that one key could make wrong (issue 13 items 1, 4, 5, 17, 21, 22), met as an operator meets
// them: the real TUI built and run in tmux at 80x24, in Vietnamese and in English, driven with keys.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/luudong.js');
const { type, press, scan, waitScreen, startApp, kill } = tmuxKit('records');
const cli = (db: string, ...args: string[]) => JSON.parse(execFileSync('node', [BIN, '--db', db, ...args, '--json'], { encoding: 'utf8' }));
const start = (session: string, db: string, extra: string[] = []) => startApp(session, ['--db', db, ...extra]);
const fits = fits80;

function seeded(): { db: string; code: string } {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-records-'));
  const db = join(dir, 'bus.db');
  cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
  const qr = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
  const d = JSON.parse(execFileSync('node', [BIN, '--db', db, 'dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'all', '--json'], { input: qr, encoding: 'utf8' }));
  return { db, code: d.code };
}

beforeAll(() => {
  needTmux();
});
afterAll(() => {
  kill();
});

describe('records one key could make wrong, in a real terminal at 80x24', () => {
  it('vi: fixed state keys with every move shown, a refusal asks its reason; Esc after a slip scan goes back; F7 asks; counts of tickets aside; the close states every outcome', async () => {
    const { db, code } = seeded();
    cli(db, 'queue', 'issue', 'A');
    cli(db, 'queue', 'issue', 'A');
    cli(db, 'queue', 'issue', 'A');
    const s = 'records-vi';
    start(s, db);
    await waitScreen(s, (x) => x.includes('Hàng chờ (3 người)'), 'the waiting line');

    // A slip scanned over the find screen: its dossier, then Esc is back on the find screen as it was
    press(s, '/');
    type(s, 'ng');
    await waitScreen(s, (x) => x.includes(': ng_'), 'the typed filter');
    scan(s, code);
    let sc = await waitScreen(s, (x) => x.includes('Chuyển sang:'), 'the dossier opened by its slip');
    expect(fits(sc)).toBe(true);
    for (const move of ['1 Đã bàn giao', '2 Đang giải quyết', '3 Chờ bổ sung, hoàn thiện hồ sơ', '4 Đã có kết quả', '6 Từ chối giải quyết', '7 Đã hủy']) expect(sc.replace(/\s*│\s*│?\s*/g, ' ')).toContain(move);
    press(s, '2');
    sc = await waitScreen(s, (x) => x.includes(`${code}: Đang giải quyết`), 'processing');
    // 2 is still "processing": from there no move, and nothing changes
    press(s, '2');
    sc = await waitScreen(s, (x) => x.includes('Không chuyển được từ “Đang giải quyết” sang “Đang giải quyết”'), 'the refusal of a non-move');
    press(s, '6');
    sc = await waitScreen(s, (x) => x.includes('Chuyển hồ sơ sang “Từ chối giải quyết”'), 'the refusal question');
    expect(sc).toContain('Lý do: _');
    expect(sc).toContain('Esc Quay lại');
    press(s, 'Escape');
    await waitScreen(s, (x) => !x.includes('Chuyển hồ sơ sang'), 'the question closed');
    expect(cli(db, 'dossier', 'show', code).state).toBe('processing');
    press(s, 'Escape');
    await waitScreen(s, (x) => x.includes(': ng_'), 'the find screen as it was');
    press(s, 'Escape');
    await waitScreen(s, (x) => x.includes('Hàng chờ (3 người)'), 'the main screen');

    // F7 asks before a no-show
    press(s, 'F3');
    await waitScreen(s, (x) => x.includes('Mời số A001'), 'A001 called');
    press(s, 'F7');
    await waitScreen(s, (x) => x.includes('Ghi số A001 vắng mặt?'), 'the no-show question');
    press(s, 'y');
    sc = await waitScreen(s, (x) => x.includes('vắng 1 (B)'), 'the no-show counted on the main screen');
    expect(fits(sc)).toBe(true);
    press(s, 'F3');
    await waitScreen(s, (x) => x.includes('Mời số A002'), 'A002 called');
    press(s, 'F5');
    await waitScreen(s, (x) => /A002 .*đang phục vụ/.test(x), 'A002 being served');

    // the close says where every ticket ends before it asks
    press(s, 'K');
    sc = await waitScreen(s, (x) => x.includes('Đóng chuyến'), 'the close question');
    const flat = sc.replace(/\s*│\s*│?\s*/g, ' ').replace(/\s+/g, ' ');
    expect(flat).toContain('Đã cấp 3 số: 0 đã xong, 1 vắng mặt, 1 đang chờ, 0 tạm dừng, 1 đang gọi hoặc đang phục vụ.');
    expect(fits(sc)).toBe(true);
    press(s, 'y');
    await waitScreen(s, (x) => x.includes('Đã đóng chuyến'), 'the trip closed');
    press(s, 'q', 'y');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  });

  it('en: the keys name the same states; a key that is no move from here says which are; returning asks first', async () => {
    const { db, code } = seeded();
    for (const st of ['handed_over', 'processing', 'result_ready']) cli(db, 'dossier', 'status', code, st);
    const s = 'records-en';
    start(s, db, ['--lang', 'en']);
    await waitScreen(s, (x) => x.includes('Waiting'), 'the main screen');
    press(s, '/');
    await waitScreen(s, (x) => x.includes('Find a dossier'), 'the find screen');
    type(s, code);
    await waitScreen(s, (x) => x.includes(`${code}_`) && x.includes('Nguyễn Thị Hường'), 'the typed code and its dossier');
    press(s, 'Enter');
    let sc = await waitScreen(s, (x) => x.includes('Move to: 5 Returned'), 'the one move left, under its fixed key');
    expect(fits(sc)).toBe(true);
    // 1 was "returned" in the old numbering from here: now it is "handed over", and no move
    press(s, '1');
    await waitScreen(s, (x) => x.includes('Cannot move from “Result ready” to “Handed over”. Allowed: 5 Returned.'), 'the refusal');
    expect(cli(db, 'dossier', 'show', code).state).toBe('result_ready');
    press(s, '5');
    sc = await waitScreen(s, (x) => x.includes('Move the dossier to “Returned”'), 'the question');
    expect(sc).toContain('cannot move again');
    expect(fits(sc)).toBe(true);
    press(s, 'Enter');
    await waitScreen(s, (x) => x.includes(`Dossier ${code}: Returned`), 'returned');
    expect(cli(db, 'dossier', 'show', code).state).toBe('returned');
    press(s, 'C-c');
    await waitScreen(s, (x) => x.includes('EXITED'), 'the exit');
  });
});
