// The counter screen under a minute of random keys. The real App (inside the ErrorBoundary, as
// src/cli/tui.tsx mounts it) on a temp database with an open trip, tickets at every stage, citizens,
// dossiers and print jobs, in an 80x24 terminal, is fed random input for LUUDONG_TUI_FUZZ_MS
// (default 60,000) of wall time: letters, digits, Enter, Esc, Tab, Shift+Tab, arrows, F1-F12 in
// their xterm and Linux-console forms, PageUp/Down, Home/End, Backspace, Ctrl keys, Vietnamese text
// (precomposed and decomposed), wide characters, pastes, and scanner bursts through the keyboard wedge (ID-card QRs
// valid and damaged, dossier codes and tickets of the database, garbage) at human and machine pace.
// Proves: no uncaught exception and no unhandled rejection; Ink never fails; the ErrorBoundary's
// fallback and the "unexpected error" message (what any non-domain exception in an action turns
// into) never appear; every frame is at most 80 columns wide and one line shorter than the terminal
// (the layout's own rule: a frame as tall as the terminal makes Ink clear the screen); and the
// database passes PRAGMA integrity_check at the end.
//
// Quitting is allowed: Q then Y, and Ctrl+C, are real paths, so they are sent like any other key;
// when the App exits, it is mounted again on the same database (in either language), and the run
// goes on. Replay: LUUDONG_TUI_FUZZ_SEED=<seed>; the failure message shows the last keys and frame.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement } from 'react';
// @ts-expect-error: aliased in vitest.config.ts to the string-width that Ink uses
import stringWidth from 'string-width-original';
import { afterAll, describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import type { Lang } from '../../src/core/lang.js';
import { translator } from '../../src/i18n/index.js';
import { App } from '../../src/ui/App.js';
import { TextContext } from '../../src/ui/context.js';
import { ErrorBoundary } from '../../src/ui/ErrorBoundary.js';
import { citizenQr, mutate, Rng, show, ticketLabel, VIETNAMESE } from '../helpers/property.js';
import { strip, tempApp } from '../helpers/ui.js';

const DURATION_MS = Number(process.env.LUUDONG_TUI_FUZZ_MS ?? 60_000);
const SEED = Number(process.env.LUUDONG_TUI_FUZZ_SEED ?? 0x7e57);
const COLS = 80;
const ROWS = 24;
const START = Date.parse('2026-11-23T01:30:00Z'); // 08:30 in Vietnam, a Monday

/** A terminal of fixed size that checks every frame Ink writes (Ink in debug mode writes whole frames). */
class Terminal extends EventEmitter {
  readonly columns = COLS;
  readonly rows = ROWS;
  frames = 0;
  last = '';
  /** The first line under the status line of each frame: which screen or dialog was shown. */
  readonly screens = new Map<string, number>();
  problem: string | null = null;
  constructor(private readonly forbidden: readonly string[]) {
    super();
  }
  write = (frame: string) => {
    this.frames++;
    this.last = frame;
    if (this.problem) return true;
    const lines = frame.replace(/\n$/, '').split('\n');
    if (lines.length > ROWS - 1) this.problem = `a frame of ${lines.length} lines in a terminal of ${ROWS}`;
    const wide = lines.find((l) => stringWidth(l) > COLS);
    if (wide !== undefined) this.problem = `a line ${stringWidth(wide)} columns wide: ${JSON.stringify(strip(wide))}`;
    const text = strip(frame);
    const body = text.split('\n').slice(2, 4).map((l) => l.replace(/[─┌┐│]+/g, ' ').trim());
    const screen = (body[0] || body[1] || '').slice(0, 24);
    this.screens.set(screen, (this.screens.get(screen) ?? 0) + 1);
    const bad = this.forbidden.find((f) => text.includes(f));
    if (bad) this.problem = `the frame shows "${bad}"`;
    return true;
  };
}

/** The keyboard: what ink-testing-library's stdin does, for a terminal that is ours. */
class Keyboard extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const KEYS = {
  fn: ['\x1bOP', '\x1bOQ', '\x1bOR', '\x1bOS', '\x1b[15~', '\x1b[17~', '\x1b[18~', '\x1b[19~', '\x1b[20~', '\x1b[21~', '\x1b[23~', '\x1b[24~', '\x1b[[A', '\x1b[[C', '\x1b[[E', '\x1b[11~', '\x1b[1;2P', '\x1b[15;5~'],
  move: ['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1bOA', '\x1bOB', '\x1b[5~', '\x1b[6~', '\x1b[H', '\x1b[F', '\x1b[1~', '\x1b[4~', '\x1b[3~', '\x1b[2~', '\x1b[Z'],
  edit: ['\r', '\r', '\x1b', '\x1b', '\t', '\x7f', '\x7f', '\b', '\x15', ' '],
  // Ctrl+letters, Ctrl+C (quit) among them; an Alt+key and an unknown sequence
  odd: ['\x01', '\x03', '\x04', '\x0b', '\x0e', '\x17', '\x1a', '\x00', '\x1bx', '\x1b[99~', '\x1b\x1b[A', '\r\n', '\n'],
  words: ['Nguyễn Thị Hường', 'Xã Mỹ Đức', 'khai sinh', 'kết hôn', 'Trần Văn An', '001152012345', '036090001234', '1.001193', '2.000884', '15/03/1952', 'Nữ', 'Nam', '1=A,E', '2=*', '20000', '07:30', '中文字', '😀👍', 'ｱｲｳ'],
};

/** Random input: one key, a word typed or pasted, or a scanner's burst. */
/** What to send: chunks, `within` ms apart (a burst, or a person's pace), then `gap` ms of quiet. */
interface Input {
  kind: 'key' | 'text' | 'scan' | 'esc';
  chunks: string[];
  within: () => number;
  gap: number;
}

function input(r: Rng, app: Luudong, lastInput: string): Input {
  const burst = () => r.int(0, 8);
  const human = () => r.int(35, 120);
  const one = (s: string): Input => ({ kind: 'key', chunks: [s], within: burst, gap: r.weighted<number>([[6, () => r.int(0, 2)], [3, () => r.int(3, 35)], [1, () => r.int(35, 120)]]) });
  // Q then Y quits: answered now and then, so the quit path runs and the App is mounted again
  if (/^[qQ]$/.test(lastInput) && r.chance(0.25)) return one(r.pick(['y', 'Y']));
  return r.weighted<Input>([
    [30, () => one(r.chance(0.8) ? String.fromCharCode(r.int(0x61, 0x7a)) : String.fromCharCode(r.int(0x41, 0x5a)))],
    [10, () => one(String(r.int(0, 9)))],
    [4, () => one(r.pick([...'?/*=,.:-+#@']))],
    [14, () => one(r.pick(KEYS.edit))],
    [8, () => one(r.pick(KEYS.move))],
    [8, () => one(r.pick(KEYS.fn))],
    [2, () => one(r.pick(KEYS.odd))],
    [2, () => one(r.pick(VIETNAMESE))],
    [3, () => {
      const w = r.pick(KEYS.words);
      const s = r.chance(0.2) ? w.normalize('NFD') : w;
      // typed at a person's pace, or pasted in one piece
      return r.chance(0.5) ? { kind: 'text', chunks: [...s], within: human, gap: 60 } : { kind: 'text', chunks: [s], within: burst, gap: 50 };
    }],
    [4, () => ({ kind: 'scan', chunks: scan(r, app), within: burst, gap: r.int(0, 100) })],
    // an operator who is lost presses Esc until back at the main screen (the receipt is five steps deep)
    [3, () => ({ kind: 'esc', chunks: Array.from({ length: r.int(2, 6) }, () => '\x1b'), within: human, gap: 40 })],
  ]);
}

/** A scanner's burst through the keyboard wedge: the scan's text and Enter, in one or a few quick chunks. */
function scan(r: Rng, app: Luudong): string[] {
  const today = '2026-11-23';
  const text = r.weighted<string>([
    [3, () => citizenQr(r, app.data.provinces, today).qr],
    // a wedge cannot type Vietnamese letters: the card comes unaccented
    [1, () => citizenQr(r, app.data.provinces, today).qr.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')],
    [2, () => mutate(r, citizenQr(r, app.data.provinces, today).qr, [...'0123456789|/ aĐ\uFFFD中😀'])],
    [2, () => {
      const codes = app.db.prepare('SELECT code FROM dossiers').pluck().all() as string[];
      return codes.length ? r.pick(codes) : 'X';
    }],
    [1, () => ticketLabel(r)],
    [1, () => r.pick(['A001', 'B002', 'H001', 'E001'])],
    [1, () => Array.from({ length: r.int(4, 40) }, () => (r.chance(0.9) ? String.fromCharCode(r.int(0x21, 0x7e)) : r.pick(['中', '😀', 'ｱ', 'Ã¡']))).join('')],
  ]);
  const burst = text + r.pick(['\r', '\r', '\r\n', '\n']);
  if (r.chance(0.5)) return [burst];
  const cut = r.int(1, Math.max(1, burst.length - 1));
  return [burst.slice(0, cut), burst.slice(cut)];
}

/** A morning already under way: an open trip, tickets at every stage, citizens, dossiers, print jobs. */
function seed(app: Luudong, r: Rng): void {
  app.openTrip({
    commune: 'Xã Mỹ Đức',
    place: 'Nhà văn hóa thôn Đồi Dùng',
    date: '2026-11-23',
    start: '07:30',
    end: '11:30',
    operators: ['Nguyễn Thị Lan', 'Trần Văn Hùng'],
    counters: [
      { no: 1, groups: ['civil', 'welfare', 'merit'] },
      { no: 2, groups: ['land', 'digital'] },
      { no: 3, groups: app.data.groups.map((g) => g.code) },
    ],
  });
  for (let i = 0; i < 14; i++) app.issue(r.pick(app.data.groups).code, r.chance(0.3) ? r.pick(app.data.priorities).code : null);
  app.callNext(1);
  app.start(1);
  app.finish(1);
  app.callNext(1);
  app.start(1);
  app.callNext(2);
  app.noShow(2);
  app.callNext(2);
  app.park(2);
  app.callNext(3);
  for (let i = 0; i < 4; i++) {
    const c = app.citizenFromQr(citizenQr(r, app.data.provinces, '2026-11-23').qr).citizen;
    const d = app.dossiers.receive({ citizenId: c.id, procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    if (i % 2 === 0) for (const st of ['handed_over', 'processing', 'result_ready'] as const) app.dossiers.setState(d.code, st);
  }
  app.schedule.add({ commune: 'Xã An Phú', place: 'Trường tiểu học', date: '2026-11-25', start: '07:30', end: '11:30', services: [], note: null });
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('counter screen, random keys', () => {
  const failures: string[] = [];
  const onError = (e: unknown) => failures.push(`uncaught: ${(e as Error)?.stack ?? String(e)}`);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  afterAll(() => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  });

  it(`${DURATION_MS / 1000} s of random keys and scans: no crash, no fallback, every frame within 80x${ROWS - 1}, the database intact`, async () => {
    const r = new Rng(SEED);
    const t0 = Date.now();
    const { app } = tempApp(() => START + (Date.now() - t0));
    seed(app, r);
    const recent: string[] = [];
    const stats = { keys: 0, scans: 0, mounts: 0, frames: 0 };
    const screens = new Map<string, number>();
    const seen = (t: Terminal) => t.screens.forEach((n, k) => screens.set(k, (screens.get(k) ?? 0) + n));
    let term: Terminal | undefined;
    let keyboard: Keyboard | undefined;
    let instance: ReturnType<typeof render> | undefined;
    let exited = true;
    const context = () => `seed ${SEED}, after ${stats.keys} inputs; last inputs: ${show(recent)}\nlast frame:\n${strip(term?.last)}`;

    const mount = () => {
      const lang: Lang = r.chance(0.7) ? 'vi' : 'en';
      const t = translator(lang);
      // the fallback's text, and the start of the message any non-domain exception becomes
      term = new Terminal([t('tui.recover').slice(0, 30), t('err.unexpected', { detail: '' }).trim()]);
      const tree = createElement(TextContext.Provider, { value: { t, lang } }, createElement(ErrorBoundary, null, createElement(App, { app })));
      keyboard = new Keyboard();
      instance = render(tree, { stdout: term as never, stderr: new Terminal([]) as never, stdin: keyboard as never, debug: true, exitOnCtrlC: false, patchConsole: false });
      exited = false;
      stats.mounts++;
      instance.waitUntilExit().then(
        () => void (exited = true),
        (e: unknown) => {
          exited = true;
          failures.push(`Ink failed: ${(e as Error)?.stack ?? String(e)}\n${context()}`);
        },
      );
    };

    while (Date.now() - t0 < DURATION_MS && failures.length === 0 && !term?.problem) {
      if (exited) {
        if (term) {
          stats.frames += term.frames;
          seen(term);
        }
        mount();
        await sleep(20);
      }
      const { kind, chunks, within, gap } = input(r, app, recent.at(-1) ?? '');
      if (kind === 'scan') stats.scans++;
      for (const c of chunks) {
        recent.push(c);
        if (recent.length > 40) recent.shift();
        try {
          keyboard?.write(c);
        } catch (e) {
          failures.push(`a key handler threw: ${(e as Error)?.stack ?? String(e)}\n${context()}`);
        }
        if (chunks.length > 1) await sleep(within());
      }
      stats.keys++;
      await sleep(gap);
    }
    await sleep(100); // let held keys and pending frames settle
    if (term?.problem) failures.push(`${term.problem}\n${context()}`);
    instance?.unmount();
    stats.frames += term?.frames ?? 0;
    if (term) seen(term);
    console.log(`tui-random-keys: seed ${SEED}, ${stats.keys} inputs (${stats.scans} bursts), ${stats.mounts} mounts, ${stats.frames} frames, ${screens.size} screens in ${Date.now() - t0} ms:\n  ${[...screens].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join('\n  ')}`);

    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // the walk went somewhere: keys reached the screen and the screen answered
    expect(stats.keys).toBeGreaterThan(Math.min(500, DURATION_MS / 100));
    expect(stats.frames).toBeGreaterThan(stats.keys / 10);
    app.db.close();
  }, DURATION_MS + 60_000);
});

