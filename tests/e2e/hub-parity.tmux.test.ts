// The counter screen on a workstation does what it does on the hub laptop (issues 13/16), met as an
// operator meets it: a real hub process (`hub serve`) on loopback and two counter screens on two
// paired workstations (`--hub`, each its own folder) in tmux at 80x24, one in Vietnamese, one in
// English. K lists the trip's transfers still awaited, T confirms one (the bank's reference typed
// there); a refusal asked with 6 prints its form on the workstation's own printer (a file printer
// plugged into it, decoded back from its ESC/POS bytes), not the hub's; after the close, D writes
// the handover bundle into the workstation's own folder (no stick in), signed with the vehicle's
// key and recorded on the hub; M's poster is written there too. A ticket issued at the desk with no
// printer of its own is said issued, then said printed on the hub's printer (not over its words).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { cli, dbRows, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { localDate } from '../../src/core/time.js';

const kit = tmuxKit('hub-parity');
const { press, type, waitScreen } = kit;
const start = (session: string, args: string[]) => kit.startApp(session, args, 'LUUDONG_LANG=');
const fits = fits80;
/** The text of a boxed screen as one line (the box's borders and the wrapping taken out). */
const flat = (sc: string) => sc.replace(/\s*│\s*│?\s*/g, ' ').replace(/\s+/g, ' ');
const printed = (file: string): string => (existsSync(file) ? decodeEscPos(new Uint8Array(readFileSync(file))).lines.map((l) => l.text).join('\n') : '');

const hubRows = dbRows;

let hub: HubProc | undefined;
beforeAll(() => {
  needTmux();
  ensureBuilt();
});
afterAll(async () => {
  kit.kill();
  await hub?.stop();
});

describe('the counter screen on a workstation, in a real terminal at 80x24', () => {
  it('K and T, a refusal printed at the workstation, then D and M written on the workstation', async () => {
    const dir = mkdtempSync(join(tmpdir(), `luudong-hub-parity-e2e-${process.pid}-`));
    const hubDb = join(dir, 'hub', 'bus.db');
    hub = await startHub(hubDb);
    const [ws1, ws2] = [join(dir, 'ws1'), join(dir, 'ws2')];
    const id1 = pairWorkstation(hub, ws1);
    pairWorkstation(hub, ws2);
    const hubPaper = join(dir, 'hub.escpos');
    const wsPaper = join(dir, 'ws1.escpos');
    const ok = (r: ReturnType<typeof cli>) => {
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : r.stdout;
    };
    ok(cli(hubDb, ['office', 'set', 'minh-chau', '--bank-verified']));
    ok(cli(hubDb, ['printer', 'add', 'quay-chu', '--kind', 'file', '--target', hubPaper, '--paper', '80', '--role', 'tickets,slips']));
    ok(cli(hubDb, ['printer', 'add', 'quay-ban-1', '--kind', 'file', '--target', wsPaper, '--paper', '80', '--role', 'slips', '--host', id1]));
    ok(cli(hubDb, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--office', 'minh-chau']));
    ok(cli(hubDb, ['citizen', 'add', '--id', '001152012345', '--name', 'Nguyễn Thị Hường', '--dob', '15/03/1952', '--gender', 'Nữ', '--address', 'Thôn Đồi Dùng, xã Mỹ Đức']));
    ok(cli(hubDb, ['schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--date', localDate(Date.now() + 7 * 86_400_000)]));
    const receive = (pay: string, procedure: string) => ok(cli(hubDb, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', procedure, '--docs', 'mandatory', '--pay', pay])) as { code: string };
    const bank = receive('bank', '2.000635');
    const plain = receive('exempt', '1.001193');
    ok(cli(hubDb, ['queue', 'issue', 'A']));

    const [vi, en] = ['parity-vi', 'parity-en'];
    start(vi, ['--db', join(ws1, 'station.db'), '--hub', hub.address]);
    start(en, ['--db', join(ws2, 'station.db'), '--hub', hub.address, '--lang', 'en']);
    await waitScreen(vi, (x) => x.includes('Hàng chờ (1 người)'), 'the queue from the hub');
    await waitScreen(en, (x) => x.includes('Waiting (1)'), 'the queue in English');
    const captures: string[] = [];

    // K on the English desk: the awaited transfer is listed (it was empty on a workstation)
    press(en, 'K');
    let sc = await waitScreen(en, (x) => x.includes('Transfers not yet confirmed (1)'), 'the awaited transfers in English');
    expect(sc).toContain(bank.code.slice(-11));
    captures.push(sc);
    press(en, 'Escape');

    // A ticket issued at the English desk, whose workstation has no printer: printed on the hub's,
    // said after the ticket's own words, which stay on screen a moment first
    press(en, 'n');
    await waitScreen(en, (x) => x.includes('New ticket – choose the service group'), 'the group picker');
    press(en, 'a');
    await waitScreen(en, (x) => x.includes('priority?'), 'the priority picker');
    press(en, 'Enter');
    sc = await waitScreen(en, (x) => /Ticket A002 issued/.test(x.split('\n')[1] ?? ''), 'the ticket’s own words on the status line');
    const saidAt = Date.now();
    captures.push(sc);
    sc = await waitScreen(en, (x) => (x.split('\n')[1] ?? '').includes('No printer here for “Queue ticket”: printed on the hub’s (quay-chu).'), 'the fallback after it', 10_000);
    captures.push(sc);
    expect(Date.now() - saidAt).toBeGreaterThan(1500);
    expect(sc.split('\n')[1]).not.toContain('…');

    // 6 on a dossier: the refusal's form comes out of this workstation's printer
    press(vi, '/');
    type(vi, plain.code);
    await waitScreen(vi, (x) => x.includes(`${plain.code}_`), 'the typed code');
    press(vi, 'Enter');
    await waitScreen(vi, (x) => x.includes('Chuyển sang:'), 'the dossier');
    press(vi, '6');
    await waitScreen(vi, (x) => x.includes('Lý do: _'), 'the reason asked');
    type(vi, 'Không thuộc thẩm quyền của xã');
    press(vi, 'Enter');
    sc = await waitScreen(vi, (x) => flat(x).includes('Đã gửi in Phiếu từ chối tiếp nhận giải quyết hồ sơ tới quay-ban-1.'), 'the refusal printed at the workstation');
    captures.push(sc);
    const until = Date.now() + 20_000;
    while (!printed(wsPaper).includes('PHIẾU TỪ CHỐI') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(printed(wsPaper)).toContain('PHIẾU TỪ CHỐI');
    expect(printed(wsPaper)).toContain('Không thuộc thẩm quyền của xã');
    expect(printed(hubPaper)).not.toContain('TỪ CHỐI');

    // K, then T and Y on the awaited transfer; K again closes
    press(vi, 'Escape', 'Escape');
    await waitScreen(vi, (x) => x.includes('Hàng chờ (2 người)'), 'the main screen');
    press(vi, 'K');
    sc = await waitScreen(vi, (x) => x.includes('Chuyển khoản chưa xác nhận (1)'), 'the awaited transfers');
    expect(sc).toContain(bank.code.slice(-11));
    captures.push(sc);
    press(vi, 't');
    sc = await waitScreen(vi, (x) => flat(x).includes(`Xác nhận đã nhận 8.000 đ chuyển khoản cho hồ sơ ${bank.code}`), 'the question');
    captures.push(sc);
    // the bank's reference typed at the workstation goes to the hub with the confirmation
    type(vi, 'FT26337 0042');
    await waitScreen(vi, (x) => x.includes('Mã giao dịch: FT26337 0042_'), 'the reference typed');
    press(vi, 'Enter');
    sc = await waitScreen(vi, (x) => flat(x).includes(`Đã xác nhận nhận chuyển khoản cho hồ sơ ${bank.code}`), 'the transfer confirmed');
    captures.push(sc);
    expect(hubRows<{ paid_at: number | null; paid_ref: string | null }>(hubDb, 'SELECT paid_at, paid_ref FROM dossiers WHERE code = ?', bank.code)[0]).toMatchObject({ paid_at: expect.any(Number), paid_ref: 'FT26337 0042' });
    press(vi, 'K');
    await waitScreen(vi, (x) => x.includes('Đóng chuyến') && x.includes('Nhấn Y'), 'the close question');
    press(vi, 'y');
    await waitScreen(vi, (x) => x.includes('Đã đóng chuyến'), 'the trip closed');

    // D: the bundle is written in this workstation's folder, and recorded on the hub
    press(vi, 'Escape');
    await waitScreen(vi, (x) => x.includes('D Bàn giao'), 'the closed trip’s keys');
    press(vi, 'd');
    sc = await waitScreen(vi, (x) => x.includes('Bàn giao hồ sơ chuyến 1'), 'the handover form');
    captures.push(sc);
    const target = join(ws1, `ban-giao-chuyen-1-${localDate(Date.now()).replace(/-/g, '')}`);
    expect(flat(sc).replace(/\s+/g, '')).toContain(target);
    press(vi, 'Enter');
    sc = await waitScreen(vi, (x) => x.includes('Đã ghi bộ bàn giao (2 hồ sơ, 0 tệp đính kèm) vào'), 'the bundle written', 30_000);
    captures.push(sc);
    expect(existsSync(join(target, 'manifest.json')) && existsSync(join(target, 'manifest.sig'))).toBe(true);
    // every file as the manifest says, signed by the vehicle's key (the hub's)
    const { verifyHandover } = await import('../../src/app/handover.js');
    const { vehicleKey } = await import('../../src/app/handoverKey.js');
    const v = await verifyHandover(target);
    expect(v).toMatchObject({ ok: true, signature: 'ok', keyFingerprint: vehicleKey(hubDb, { create: false }).fingerprint });
    expect(hubRows<{ dossiers: number }>(hubDb, 'SELECT dossiers FROM handovers')).toEqual([{ dossiers: 2 }]);

    // M, 3: the poster is made on the hub and saved on this workstation
    press(vi, 'Escape', 'm');
    await waitScreen(vi, (x) => x.includes('Lịch các chuyến sắp tới (1)'), 'the schedule');
    press(vi, '3');
    sc = await waitScreen(vi, (x) => flat(x).includes('Đã lưu áp phích vào'), 'the poster saved', 30_000);
    captures.push(sc);
    // the plan shows as announced on this desk at once (what the hub recorded)
    await waitScreen(vi, (x) => x.includes('Đồi Dùng, Xã Mỹ Đức (đã thông báo)'), 'the plan announced', 3000);
    const poster = join(ws1, 'thong-bao', `thong-bao-chuyen-1-${localDate(Date.now() + 7 * 86_400_000).replace(/-/g, '')}.pdf`);
    expect(existsSync(poster)).toBe(true);
    expect(execFileSync('pdftotext', [poster, '-'], { encoding: 'utf8' })).toContain('Đồi Dùng');
    // and in English on the other desk
    press(en, 'm');
    await waitScreen(en, (x) => x.includes('Coming trips (1)'), 'the schedule in English');
    press(en, '3');
    sc = await waitScreen(en, (x) => flat(x).includes('Poster saved to'), 'the poster saved in English', 30_000);
    captures.push(sc);
    expect(existsSync(join(ws2, 'thong-bao'))).toBe(true);

    for (const c of captures) expect(fits(c), c).toBe(true);
    writeFileSync(join(dir, 'captures.txt'), captures.join('\n==========\n'));
    process.stdout.write(`captures: ${join(dir, 'captures.txt')}\n`);
    for (const s of [vi, en]) {
      press(s, 'C-c');
      await waitScreen(s, (x) => x.includes('EXITED'), `${s} exits`);
    }
  }, 180_000);
});
