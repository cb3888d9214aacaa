// Closing a trip from the built CLI states where every ticket ended, as the counter screen does
// (issue 13 item 5): the counts add up to the tickets issued, in Vietnamese and in the JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(resolve(import.meta.dirname, '../..'), 'bin/luudong.js');
const run = (db: string, ...args: string[]) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8' });

describe('trip close from the CLI', () => {
  it('states every ticket’s outcome', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'luudong-close-')), 'bus.db');
    run(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--json');
    for (let i = 0; i < 3; i++) run(db, 'queue', 'issue', 'A', '--json');
    run(db, 'queue', 'call', '-c', '1', '--json');
    const text = run(db, 'trip', 'close');
    expect(text).toContain('Đã cấp 3 số: 0 xong, 0 vắng, chưa phục vụ 2 chờ + 0 tạm dừng + 1 ở quầy.');
    expect(text).not.toContain('{');
  }, 60_000);
});
