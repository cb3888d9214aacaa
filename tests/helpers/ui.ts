// Helpers for driving Ink components with ink-testing-library: raw key sequences in, unstyled frames out.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';

export const KEY = {
  f1: '\x1bOP',
  f2: '\x1bOQ',
  f3: '\x1bOR',
  f4: '\x1bOS',
  f5: '\x1b[15~',
  f6: '\x1b[17~',
  f7: '\x1b[18~',
  f9: '\x1b[20~',
  f10: '\x1b[21~',
  enter: '\r',
  tab: '\t',
  esc: '\x1b',
  down: '\x1b[B',
  backspace: '\x7f',
};

// eslint-disable-next-line no-control-regex
export const strip = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

export async function waitFor(frame: () => string | undefined, pred: (f: string) => boolean, ms = 3000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const f = strip(frame());
    if (pred(f)) return f;
    if (Date.now() > until) throw new Error(`waitFor timed out; last frame:\n${f}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function tempApp(now: () => number = Date.now) {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-ui-'));
  const file = join(dir, 'test.db');
  const app = new Luudong({ db: openDatabase(file), data: loadDomainData(), now, file });
  // The shipped office's account is a placeholder (no VietQR is printed for one): the screens'
  // tests pay by transfer to it, so it is confirmed here as an office would confirm its own.
  app.offices.set(app.offices.default().id, { bank: { verified: true } });
  return { app, file, dir };
}

/** A terminal of a given size for Ink (debug mode writes whole frames): what ink-testing-library's is, at any size. */
class Screen extends EventEmitter {
  frames: string[] = [];
  lastFrame: string | undefined;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    this.lastFrame = frame;
    return true;
  };
}

/** The keyboard of that terminal: what is written comes as 'data', as from a real one. */
class Keyboard extends EventEmitter {
  readonly isTTY = true;
  write = (data: string) => this.emit('data', data);
  read = () => null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** Render in a terminal of `columns` × `rows` (ink-testing-library's is 100 columns, no rows). */
export function renderAt(tree: ReactElement, { columns = 80, rows = 24 } = {}) {
  const stdout = new Screen(columns, rows);
  const stdin = new Keyboard();
  const instance = render(tree, { stdout: stdout as never, stderr: new Screen(columns, rows) as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  return { stdin, stdout, lastFrame: () => stdout.lastFrame, unmount: () => instance.unmount(), frames: stdout.frames };
}
