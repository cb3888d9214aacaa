// Issue 13 item 20: the CLI's date options take dates as the counter screen does (dd/mm/yyyy, also
// 1/2/2027 and 23.11.2026) and still yyyy-mm-dd for scripts; human output says dates dd/mm/yyyy,
// JSON keeps ISO. Through the built CLI on a real database file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/time.js';

const ROOT = resolve(import.meta.dirname, '../..');
const inDays = (n: number) => localDate(Date.now() + n * 86_400_000);
/** 2026-02-01 -> 1/2/2026 (no leading zeros, as typed by hand). */
const loose = (iso: string) => `${Number(iso.slice(8, 10))}/${Number(iso.slice(5, 7))}/${iso.slice(0, 4)}`;
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('CLI: dates typed dd/mm/yyyy, shown dd/mm/yyyy, ISO in JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-cli-dates-'));
  const cli = (...a: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', join(dir, 'bus.db'), ...a], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });

  it('schedule add takes d/m/yyyy, dd.mm.yyyy and yyyy-mm-dd; refuses a day that does not exist, in the operator language', () => {
    const a = inDays(9);
    const b = inDays(16);
    const c = inDays(23);
    const r1 = cli('schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--date', loose(a));
    expect(r1.stderr).toBe('');
    expect(r1.stdout).toContain(dmy(a));
    expect(cli('schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Sân kho', '--date', `${b.slice(8, 10)}.${b.slice(5, 7)}.${b.slice(0, 4)}`).status).toBe(0);
    expect(cli('schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Trường tiểu học', '--date', c).status).toBe(0);
    expect(JSON.parse(cli('schedule', 'list', '--json').stdout).map((p: { date: string }) => p.date)).toEqual([a, b, c]);
    const text = cli('schedule', 'list').stdout;
    for (const d of [a, b, c]) expect(text).toContain(dmy(d));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    const bad = cli('schedule', 'add', '--commune', 'X', '--place', 'Y', '--date', '31/02/2027');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Ngày “31/02/2027” không hợp lệ (viết ngày/tháng/năm');
    const en = cli('--lang', 'en', 'schedule', 'add', '--commune', 'X', '--place', 'Y', '--date', '2027-13-01');
    expect(en.status).toBe(1);
    expect(en.stderr).toContain('Date “2027-13-01” is not valid');
    expect(cli('schedule', 'add', '--help').stdout).toContain('--date <dd/mm/yyyy>');
  });

  it('trip open, report day, register show and forms register take dd/mm/yyyy; reports say dates dd/mm/yyyy', () => {
    const today = localDate(Date.now());
    const open = cli('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--date', loose(today));
    expect(open.stderr).toBe('');
    expect(open.stdout).toContain(dmy(today));
    expect(cli('queue', 'issue', 'A').status).toBe(0);

    const day = cli('report', 'day', '--date', loose(today));
    expect(day.stderr).toBe('');
    expect(day.stdout).toContain(dmy(today));
    expect(day.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(JSON.parse(cli('report', 'day', '--date', dmy(today), '--json').stdout).date).toBe(today);
    expect(JSON.parse(cli('report', 'day', '--date', today, '--json').stdout).date).toBe(today);

    const reg = cli('register', 'show', '--date', dmy(today), '--json');
    expect(reg.stderr).toBe('');
    expect(JSON.parse(reg.stdout).scope).toEqual({ date: today });
    const out = join(dir, 'register.pdf');
    expect(cli('forms', 'register', '--date', loose(today), '--out', out).status).toBe(0);
    expect(cli('forms', 'register', '--date', '32/1/2026', '--out', out).stderr).toContain('“32/1/2026”');

    // audit list: moments as the operator reads them
    const audit = cli('audit', 'list', '--limit', '3').stdout;
    expect(audit).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(audit).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
