// The dossier commands of the built CLI, as a script would use them: stdin for the QR, --json out,
// exit code 1 with the reason for a refusal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021\r\n';
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), ...args], { encoding: 'utf8', input: input ?? '', env: { ...process.env, LUUDONG_LANG: '', LUUDONG_DB: '' } });

describe('CLI: citizens, procedures, dossiers', () => {
  it('citizen parse-qr reads stdin without a database; a garbled scan is refused with its reason', () => {
    const ok = run(['citizen', 'parse-qr', '--json'], QR);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).citizen).toMatchObject({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', gender: 'female' });
    const bad = run(['--lang', 'en', 'citizen', 'parse-qr'], QR.replace('1952|', '1953|'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Birth year 1953 does not match ID number 001152012345 (which encodes the birth year 1952)');
  });

  it('procedures list filters without diacritics; show names the documents', () => {
    const list = JSON.parse(run(['procedures', 'list', 'chung', 'thuc', 'ban', 'sao', '--json']).stdout);
    expect(list[0]).toMatchObject({ code: '2.000815', key: '2.000815' });
    const show = run(['procedures', 'show', '1.001193']);
    expect(show.stdout).toContain('Tờ khai đăng ký khai sinh');
  });

  it('receive, refuse, find, change state and show a dossier with its slip', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'luudong-cli-dossier-')), 'bus.db');
    const cli = (args: string[], input?: string) => run(['--db', db, ...args], input);
    expect(cli(['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--office', 'minh-chau']).status).toBe(0);

    const missing = cli(['dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', '1', '--pay', 'exempt', '--json'], QR);
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error.code).toBe('err.receipt.missingDocuments');

    const ok = cli(['dossier', 'receive', '--citizen', '001152012345', '--procedure', 'dang ky khai sinh', '--docs', 'mandatory', '--pay', 'exempt', '--return', 'post', '--json']);
    expect(ok.stderr).toBe('');
    const d = JSON.parse(ok.stdout);
    expect(d.code).toMatch(/^000\.00\.20\.H26-\d{6}-0001$/);
    expect(d).toMatchObject({ state: 'received', returnMethod: 'post', postalAddress: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội' });

    const found = JSON.parse(cli(['dossier', 'find', 'nguyen', 'huong', '--json']).stdout);
    expect(found.map((x: { code: string }) => x.code)).toEqual([d.code]);
    const wrong = cli(['--lang', 'en', 'dossier', 'status', d.code, 'returned']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('A dossier cannot go from “Received” to “Returned”');
    expect(cli(['dossier', 'status', d.code, 'handed_over', '--note', 'Sổ bàn giao số 3']).status).toBe(0);
    const show = cli(['dossier', 'show', d.code, '--slip']);
    expect(show.stdout).toContain('Đã bàn giao');
    expect(show.stdout).toContain('Sổ bàn giao số 3');
    expect(show.stdout).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');

    expect(cli(['assist', 'vneid', '--citizen', '001152012345']).status).toBe(0);
    const stats = JSON.parse(cli(['queue', 'stats', '--json']).stdout);
    expect(stats.dossiers).toMatchObject({ dossiers: 1, byPost: 1, helpTotal: 1 });
  });
});
