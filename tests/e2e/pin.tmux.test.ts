// A new PIN typed at the terminal: a weak one is refused as soon as it is typed, not after typing it
// twice (issue 13, item 20). Real terminal (tmux), real database file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('pin');
const { press, type, waitScreen } = kit;
const waitFor = (probe: (sc: string) => boolean, what: string) => waitScreen('p', probe, what, 8000);

beforeAll(needTmux);
afterAll(() => kit.kill());

describe('a new PIN at the terminal', () => {
  it('a weak PIN is refused at once; a good one is asked again and taken', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'luudong-pin-')), 'bus.db');
    kit.startApp('p', ['--db', db, 'operator', 'add', 'Mai', '--role', 'admin']);
    await waitFor((x) => x.includes('Mã PIN mới cho Mai:'), 'the PIN prompt');
    type('p', '1111');
    press('p', 'Enter');
    const s = await waitFor((x) => x.includes('EXITED'), 'the command to end');
    expect(s).toContain('Mã PIN quá dễ đoán');
    expect(s).not.toContain('Nhập lại mã PIN');
    expect(s).toContain('EXITED 1');

    kit.tmux('kill-session', '-t', 'p');
    kit.startApp('p', ['--db', db, 'operator', 'add', 'Mai', '--role', 'admin']);
    await waitFor((x) => x.includes('Mã PIN mới cho Mai:'), 'the PIN prompt again');
    type('p', '2580');
    press('p', 'Enter');
    await waitFor((x) => x.includes('Nhập lại mã PIN'), 'the second prompt');
    type('p', '2580');
    press('p', 'Enter');
    const done = await waitFor((x) => x.includes('EXITED'), 'the command to end');
    expect(done, done).toContain('EXITED 0');
  });
});
