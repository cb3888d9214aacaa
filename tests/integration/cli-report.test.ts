// The report commands of the built CLI (issue 6): a trip with issued, served and no-show tickets, a
// dossier, help and a rating, reported as JSON (counts exact), CSV (read back strictly) and text;
// a day over two trips; the report queued on the receipt printer and printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../helpers/csv-read.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const ROOT = resolve(import.meta.dirname, '../..');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021\r\n';
const DATE = '2026-11-23';
const PLACE = 'Nhà văn hóa thôn "Đồi Dùng"';
const COMMUNE = 'Xã Mỹ Đức, Hà Nội';

describe('CLI: report trip|day', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-report-'));
  const db = join(dir, 'bus.db');
  const paper = join(dir, 'paper.bin');
  const cli = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', db, ...args], {
      encoding: 'utf8',
      input: opts.input ?? '',
      env: { ...process.env, LUUDONG_LANG: '', LUUDONG_DB: '', LUUDONG_ASCII: '', TERM: 'xterm-256color', ...opts.env },
    });
  const ok = (args: string[], input?: string) => {
    const r = cli(args, input === undefined ? {} : { input });
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.status, args.join(' ')).toBe(0);
    return r.stdout;
  };
  const json = (args: string[]) => JSON.parse(ok([...args, '--format', 'json']));

  it('a trip: tickets, a dossier, help and a rating, in JSON, CSV and text', () => {
    const empty = cli(['report', 'trip']);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('Chưa có chuyến nào để báo cáo.');
    ok(['trip', 'open', '--commune', COMMUNE, '--place', PLACE, '--staff', 'Lan', '--counter', '1=A', '--counter', '2=*', '--date', DATE]);
    for (const g of ['A', 'A', 'B']) ok(['queue', 'issue', g]);
    ok(['queue', 'call', '-c', '1']); // A001
    ok(['queue', 'start', '-c', '1']);
    ok(['queue', 'finish', '-c', '1']);
    ok(['queue', 'call', '-c', '1']); // A002
    ok(['queue', 'no-show', '-c', '1']);
    ok(['queue', 'call', '-c', '2']); // B001
    ok(['queue', 'start', '-c', '2']);
    ok(['dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--counter', '2'], QR);
    ok(['assist', 'vneid', '--counter', '2']);
    ok(['assist', 'sim', '--counter', '2']);
    ok(['queue', 'finish', '-c', '2']);
    ok(['queue', 'rate', '5', '--counter', '2']);

    const r = json(['report', 'trip']);
    expect(r).toMatchObject({ scope: 'trip', date: DATE, trips: [{ id: 1, place: PLACE, commune: COMMUNE, state: 'open' }] });
    expect(r.queue).toMatchObject({ issued: 3, served: 2, noShows: 1, waiting: 0, walkIns: 0, priority: 0 });
    expect(r.queue.wait.n).toBe(3);
    expect(r.queue.service.n).toBe(2);
    expect(r.queue.byGroup.find((g: { group: string }) => g.group === 'civil')).toMatchObject({ issued: 2, served: 1, noShows: 1, waiting: 0 });
    expect(r.queue.byGroup.find((g: { group: string }) => g.group === 'land')).toMatchObject({ issued: 1, served: 1, noShows: 0 });
    expect(r.queue.byCounter).toMatchObject([
      { counter: 1, served: 1 },
      { counter: 2, served: 1 },
    ]);
    expect(r.arrivals.reduce((a: number, h: { count: number }) => a + h.count, 0)).toBe(3);
    expect(r.dossiers).toMatchObject({ dossiers: 1, byProcedure: [{ key: '1.001193', n: 1 }], helpTotal: 2, ratings: { n: 1, mean: 5, counts: [0, 0, 0, 0, 1] } });
    expect(r.dossiers.receipt.n).toBe(1);
    expect(r.dossiers.byField.find((f: { field: string }) => f.field === 'civil')).toEqual({ field: 'civil', n: 1 });
    expect(r.dossiers.help.filter((h: { n: number }) => h.n > 0)).toEqual([
      { code: 'vneid', n: 1 },
      { code: 'sim', n: 1 },
    ]);
    // the global --json says the same
    expect(JSON.parse(ok(['report', 'trip', '--json']))).toEqual(r);

    const csv = ok(['report', 'trip', '--format', 'csv']);
    expect(csv.startsWith('\uFEFFsection,key,label,value\r\n')).toBe(true);
    const rows = readCsv(csv.slice(1)); // throws on any line end but CRLF
    const row = (section: string, key: string) => rows.find((x) => x[0] === section && x[1] === key);
    expect(row('trip', '1')).toEqual(['trip', '1', `${PLACE}, ${COMMUNE}`, '07:30–11:30']);
    expect(row('queue', 'issued')).toEqual(['queue', 'issued', 'Đã cấp', '3']);
    expect(row('queue', 'no_shows')?.[3]).toBe('1');
    expect(row('group', 'civil.served')?.[3]).toBe('1');
    expect(row('procedure', '1.001193')).toEqual(['procedure', '1.001193', 'Đăng ký khai sinh', '1']);
    expect(row('field', 'civil')).toEqual(['field', 'civil', 'Hộ tịch', '1']);
    expect(row('help', 'vneid')?.[3]).toBe('1');
    expect(row('rating', 'mean')?.[3]).toBe('5');
    expect(rows.every((x) => x.length === 4)).toBe(true);

    const text = ok(['report', 'trip']);
    expect(text).toContain('BÁO CÁO CHUYẾN 1');
    expect(text).toContain('Hồ sơ theo lĩnh vực');
    expect(text).toContain('Kích hoạt tài khoản định danh điện tử (VNeID)');
    for (const l of text.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
    expect(text).toMatch(/\d\dh █+ \d/);
    const ascii = cli(['report', 'trip'], { env: { LUUDONG_ASCII: '1' } }).stdout;
    expect(ascii).toMatch(/\d\dh #+ \d/);
    expect(ascii).not.toMatch(/[█▌]/);
    expect(cli(['report', 'trip'], { env: { TERM: 'linux' } }).stdout).not.toMatch(/[█▌]/);
  });

  it('a day over two trips of the same date; the trip report defaults to the last trip once none is open', () => {
    ok(['trip', 'close']);
    ok(['trip', 'open', '--commune', COMMUNE, '--place', 'Trường tiểu học Đồi Dùng', '--staff', 'Hùng', '--counter', '1=*', '--date', DATE, '--start', '13:30', '--end', '16:30']);
    ok(['queue', 'issue', 'A']);
    ok(['queue', 'call', '-c', '1']);
    ok(['queue', 'start', '-c', '1']);
    ok(['queue', 'finish', '-c', '1']);
    ok(['trip', 'close']);

    expect(json(['report', 'trip']).trips[0]).toMatchObject({ id: 2, state: 'closed' });
    expect(json(['report', 'trip', '--trip', '1']).queue.issued).toBe(3);

    const day = json(['report', 'day', '--date', DATE]);
    expect(day.trips.map((t: { id: number }) => t.id)).toEqual([1, 2]);
    expect(day.queue).toMatchObject({ issued: 4, served: 3, noShows: 1 });
    expect(day.queue.wait.n).toBe(4);
    expect(day.queue.service.n).toBe(3);
    expect(day.queue.byCounter).toMatchObject([
      { counter: 1, served: 2 },
      { counter: 2, served: 1 },
    ]);
    expect(day.dossiers).toMatchObject({ dossiers: 1, helpTotal: 2 });
    // the morning's hours and the afternoon's, with every hour between
    expect(day.arrivals[0].hour).toBeLessThanOrEqual(7);
    expect(day.arrivals.at(-1).hour).toBeGreaterThanOrEqual(16);
    for (const [i, h] of day.arrivals.entries()) if (i > 0) expect(h.hour).toBe(day.arrivals[i - 1].hour + 1);

    const text = ok(['report', 'day', '--date', DATE]);
    expect(text).toContain('BÁO CÁO NGÀY 23/11/2026 – số chuyến: 2');
    expect(text).toContain('Chuyến 2, 13:30–16:30: Trường tiểu học Đồi Dùng, Xã Mỹ Đức, Hà Nội');

    const none = cli(['report', 'day', '--date', '2020-01-01']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('Không có chuyến nào vào ngày 01/01/2020.');
    expect(cli(['report', 'day', '--date', '2026-02-30']).status).toBe(1);
    expect(cli(['report', 'day', '--format', 'xml']).status).toBe(2);
  });

  it('--print queues the day report on the receipt printer and prints it at once, laid out for its paper', () => {
    ok(['printer', 'add', 'nhiet', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'slips']);
    expect(ok(['report', 'day', '--date', DATE, '--print'])).toContain(`Đã in Báo cáo số liệu ${DATE} (nhiet).`);
    const jobs = JSON.parse(ok(['print', 'jobs', '--json']));
    // (the other job is the dossier's A4 slip, kept as a PDF with it)
    expect(jobs.filter((j: { kind: string }) => j.kind === 'figures')).toMatchObject([{ printer: 'nhiet', ref: DATE, state: 'done' }]);
    const printed = decodeEscPos(readFileSync(paper));
    expect(printed.cuts).toBe(1);
    expect(printed.unknown).toEqual([]);
    const lines = printed.lines.map((l) => l.text);
    expect(lines.find((l) => l.includes('BÁO CÁO NGÀY 23/11/2026'))).toBeDefined();
    expect(lines).toContain('Hồ sơ theo lĩnh vực');
    expect(lines.some((l) => /^\d\dh #+ \d+$/.test(l))).toBe(true);
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(48);
    // headed in words on paper too (issue 19): the times of the groups in tables of their own
    expect(lines.join('\n')).toMatch(/Chờ +Chờ\n.*trung vị +phân vị 90/);
    expect(lines.join('\n')).not.toMatch(/(^|\s)(TV|PV|P90)(\s|$)|\dph\b/m);
  });
});
