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
    expect(text).toContain('Đã cấp 3 số: 0 xong, 0 vắng, 3 chưa phục vụ.');
    expect(text).not.toContain('{');
    // stored: each ticket's close, and the figures say not served (never absent)
    const figures = JSON.parse(run(db, 'queue', 'stats', '--trip', '1', '--json'));
    expect(figures).toMatchObject({ issued: 3, served: 0, noShows: 0, waiting: 0, inService: 0, unserved: 3 });
  }, 60_000);
});
