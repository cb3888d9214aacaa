// The citizen-facing board in its own terminal on the same database: it follows calls made by
// another process within a second, and reads them aloud through espeak-ng when asked.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('board');
const { screen, waitScreen } = kit;
const cli = (db: string, ...args: string[]) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8' });

/** Until `probe` gives something (files the board writes). */
async function waitFor<T>(probe: () => T | undefined | false, what: string, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(needTmux);
afterAll(() => kit.kill());

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-board-'));
  const db = join(dir, 'bus.db');
  cli(db, 'trip', 'open', '--commune', 'Phường Phương Đức', '--place', 'Nhà văn hóa thôn Kim Long Thượng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*');
  cli(db, 'queue', 'issue', 'A');
  cli(db, 'queue', 'issue', 'A');
  return { dir, db };
}

describe('luudong board', () => {
  it('shows a call made in another process within a second, and speaks it in Vietnamese', async () => {
    const { dir, db } = setup();
    const wavDir = join(dir, 'speech');
    execFileSync('mkdir', ['-p', wavDir]);
    // espeak-ng itself speaks; a script of the same name ahead of it on the PATH writes down what it was asked to say.
    const real = execFileSync('sh', ['-c', 'command -v espeak-ng'], { encoding: 'utf8' }).trim();
    const spy = join(dir, 'bin');
    const argsDir = join(dir, 'args');
    mkdirSync(spy);
    mkdirSync(argsDir);
    writeFileSync(join(spy, 'espeak-ng'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsDir}'/call-$$.args\nexec '${real}' "$@"\n`);
    chmodSync(join(spy, 'espeak-ng'), 0o755);
    kit.startApp('b', ['--db', db, 'board', '--speak'], `PATH=${spy}:${process.env.PATH} LUUDONG_SPEECH_OUT=${wavDir}`);
    await waitScreen('b', (x) => x.includes('Kim Long Thượng'), 'the board', 8000);
    expect(screen('b')).toContain('MỜI CÔNG DÂN');

    const t0 = Date.now();
    cli(db, 'queue', 'call', '--counter', '2');
    await waitScreen('b', (x) => x.includes('SỐ A001 → Quầy 2'), 'the call on the board', 3000);
    const shownAfter = Date.now() - t0;
    // The CLI call itself (a Node start) is part of that time; the board must follow within a second.
    expect(shownAfter).toBeLessThan(1000 + 600);
    expect(screen('b')).toContain('█');

    const wav = await waitFor(() => readdirSync(wavDir).find((f) => f.endsWith('.wav')), 'a spoken announcement', 5000);
    await waitFor(() => statSync(join(wavDir, wav)).size > 10_000, 'a non-empty WAV file', 5000);
    // What it was asked to say: the call in Vietnamese, in the Vietnamese voice (one call so far:
    // espeak-ng is not run for the board's start or the version probe's output).
    const calls = readdirSync(argsDir).map((f) => readFileSync(join(argsDir, f), 'utf8').split('\n').slice(0, -1)).filter((a) => a.includes('--'));
    expect(calls).toHaveLength(1);
    const args = calls[0]!;
    // The counters' sentence, with the ticket as it is said: the letter by name, no leading zeros.
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['Xin mời công dân có số thứ tự a một đến quầy số hai.']);
    expect(args[args.indexOf('-v') + 1]).toBe('vi');
    // The board's WAV is that sentence in that voice: espeak-ng, asked again with the same arguments, makes the same bytes...
    const again = (change: (a: string[]) => string[]) => {
      const out = join(dir, `again-${Math.random().toString(36).slice(2)}.wav`);
      const a = change([...args]);
      a[a.indexOf('-w') + 1] = out;
      execFileSync(real, a);
      return readFileSync(out);
    };
    const spoken = await waitFor(() => {
      const b = readFileSync(join(wavDir, wav));
      return b.equals(again((a) => a)) && b;
    }, 'the WAV to be complete', 5000);
    expect(spoken.subarray(0, 4).toString('latin1')).toBe('RIFF');
    // ...and other bytes for another voice or another text, so the comparison tells them apart.
    expect(spoken.equals(again((a) => a.map((x) => (x === 'vi' ? 'en' : x))))).toBe(false);
    expect(spoken.equals(again((a) => a.map((x) => x.replace('quầy số hai', 'quầy số một'))))).toBe(false);
    // The Vietnamese voice reads that sentence as Vietnamese: "a một" with no "không không" before it,
    // "quầy số hai"; the English voice does not.
    const phonemes = (voice: string) => execFileSync(real, ['-v', voice, '-q', '-x', '--', args[args.length - 1]!], { encoding: 'utf8' });
    expect(phonemes('vi')).toMatch(/t\['y6_ 'a:\d_\| m'o6t.*kw'@I2_\| s'o3_\| h'a:/);
    expect(phonemes('vi')).not.toMatch(/x,o#?1N/);
    expect(phonemes('en')).not.toMatch(/kw'@I2/);

    cli(db, 'queue', 'call', '--counter', '1');
    const f = await waitScreen('b', (x) => x.includes('SỐ A002 → Quầy 1'), 'the second call', 3000);
    expect(f).toMatch(/A001\s+→ Quầy 2/);
  });

  it('without a speech engine, warns on screen and keeps working', async () => {
    const { db } = setup();
    // A PATH without espeak-ng (the kit starts this Node by its path).
    kit.startApp('q', ['--db', db, 'board', '--speak'], 'PATH=/nonexistent');
    await waitScreen('q', (x) => x.includes('espeak-ng'), 'the missing-speech warning', 8000);
    cli(db, 'queue', 'call', '--counter', '1');
    await waitScreen('q', (x) => x.includes('SỐ A001 → Quầy 1'), 'the call on the board', 3000);
  });

  it('shows each ticket once, never a walk-in as the call, and fills 80x24, 100x30 and a TV screen', async () => {
    const { db } = setup();
    cli(db, 'queue', 'issue', 'H');
    kit.startApp('z', ['--db', db, 'board']);
    await waitScreen('z', (x) => x.includes('Kim Long Thượng'), 'the board', 8000);
    cli(db, 'queue', 'call', '--counter', '1'); // A001
    await waitScreen('z', (x) => x.includes('SỐ A001 → Quầy 1'), 'the first call', 3000);
    cli(db, 'queue', 'call', '--counter', '2'); // A002
    await waitScreen('z', (x) => x.includes('SỐ A002 → Quầy 2'), 'the second call', 3000);
    cli(db, 'queue', 'recall', '--counter', '1'); // A001 again
    await waitScreen('z', (x) => x.includes('SỐ A001 → Quầy 1'), 'the recall', 3000);
    let s = screen('z');
    // As met: A001 twice under "Vừa gọi" after a call and a recall.
    expect(s.match(/A001/g)).toHaveLength(1);
    expect(s).toMatch(/A002 → Quầy 2/);
    // As met: a walk-in announced and left as the big call.
    cli(db, 'queue', 'walk-in', '--counter', '2', '--group', 'K');
    // The board follows a commit within a second (first test); give it that before looking.
    await new Promise((r) => setTimeout(r, 1200));
    s = screen('z');
    expect(s).toContain('SỐ A001 → Quầy 1');
    expect(s).not.toContain('K001');
    expect(s).toMatch(/Đang chờ:[\s\S]*\bH [^\n:]*: 1/);

    const blocks = (x: string) => x.split('\n').filter((l) => l.includes('█'));
    const sizes: [number, number][] = [
      [80, 24],
      [100, 30],
      [200, 60],
    ];
    const heights: number[] = [];
    for (const [w, h] of sizes) {
      kit.tmux('resize-window', '-t', 'z', '-x', String(w), '-y', String(h));
      const shot = await waitScreen(
        'z',
        (x) => {
          // The whole frame, not its top: a 200x60 frame of block letters is ~40 KB, which tmux
          // may take in several reads, and a capture between them shows the letters over blank rows.
          const b = blocks(x);
          return (
            b.length > 0 &&
            Math.max(...b.map((l) => l.trimEnd().length)) > w / 2 &&
            x.split('\n')[0]!.trimEnd().length > w - 10 &&
            x.includes('SỐ A001 → Quầy 1') &&
            /Đang chờ:/.test(x)
          );
        },
        `the board at ${w}x${h}`,
        8000,
      );
      const b = blocks(shot);
      heights.push(b.length);
      // The letters take most of the width and most of the height, and the rest is still there.
      expect(Math.max(...b.map((l) => l.trimEnd().length - (l.length - l.trimStart().length))), `${w}x${h}`).toBeGreaterThan(w * 0.75);
      expect(b.length, `${w}x${h}`).toBeGreaterThanOrEqual(h * 0.4);
      expect(shot).toContain('SỐ A001 → Quầy 1');
      expect(shot).toContain('Vừa gọi');
      expect(shot).toMatch(/A002 → Quầy 2/);
      expect(shot).toMatch(/Đang chờ:/);
    }
    expect(heights[1]).toBeGreaterThan(heights[0]!);
    expect(heights[2]).toBeGreaterThan(heights[1]! * 2);
  });
});
