// The built app in a real terminal, as the end-to-end tests drive it: a tmux server of the test's own
// (its own socket), panes at 80x24, keys sent as a person sends them (a human moment apart), text
// typed in one burst, a keyboard-wedge scanner's burst a person's pause after the last key, the
// screen read with capture-pane until it shows what is awaited.
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN } from './build.js';
import { SCAN_PAUSE_MS } from '../reliability/lib/tmux.js';

/** Sleep without giving up the thread (the tests read the terminal synchronously). */
export const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Every line of a capture fits 80 columns. */
export const fits80 = (sc: string): boolean => sc.split('\n').every((l) => [...l].length <= 80);

/** The screen's text as one line (screens wrap long lines at word boundaries). */
export const flat = (sc: string): string => sc.replace(/\s+/g, ' ');

/** Between two keys of a person (ms): a burst faster than the wedge's gap would be a scan. */
export const KEY_PAUSE_MS = 60;

/** Between two captures that must agree before a screen counts as drawn (ms). */
const SETTLE_MS = 40;

export interface TmuxKit {
  socket: string;
  tmux(...args: string[]): string;
  screen(session: string): string;
  /** Named keys (F2, Enter, Escape) or single characters, one by one. */
  press(session: string, ...keys: string[]): void;
  /** Text in one burst. */
  type(session: string, text: string): void;
  /** A keyboard-wedge scanner: the text and Enter in one burst. */
  scan(session: string, text: string): void;
  /** The screen once `pred` holds, or an error with the last screen after `ms`. */
  waitScreen(session: string, pred: (text: string) => boolean, what: string, ms?: number): Promise<string>;
  /** `node bin/luudong.js ARGS` (this Node, found without PATH) in a new 80x24 session, as a person's terminal runs it (no CI
   * variables, no LUUDONG_PIN, xterm-256color; `env`: NAME=VALUE pairs); its exit code is kept on
   * screen ("EXITED n"). */
  startApp(session: string, args: string[], env?: string, size?: { x: number; y: number }): void;
  kill(): void;
}

export function tmuxKit(name: string): TmuxKit {
  const socket = `luudong-${name}-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const screen = (s: string) => tmux('capture-pane', '-p', '-t', s);
  return {
    socket,
    tmux,
    screen,
    press(s, ...keys) {
      for (const k of keys) pause(KEY_PAUSE_MS), tmux('send-keys', '-t', s, k);
    },
    type(s, text) {
      pause(KEY_PAUSE_MS);
      tmux('send-keys', '-t', s, '-l', text);
    },
    scan(s, text) {
      pause(SCAN_PAUSE_MS);
      tmux('send-keys', '-t', s, '-l', `${text}\r`);
    },
    async waitScreen(s, pred, what, ms = 10_000) {
      // A frame, not part of one: Ink writes a frame in one write, but tmux may take a large one in
      // several reads, and a capture between them shows what is awaited over the rest still blank
      // (seen in CI: the top of a dossier's box, its key bar not yet drawn). What is awaited must
      // hold on two captures a moment apart that are the same; a screen that never holds still
      // (none does today) gives its last capture that held at the deadline.
      const until = Date.now() + ms;
      let last = '';
      let held: string | undefined;
      while (Date.now() < until) {
        last = screen(s);
        if (pred(last)) {
          if (last === held) return last;
          held = last;
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          continue;
        }
        held = undefined;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (held !== undefined) return held;
      throw new Error(`${s} never showed ${what}; last screen:\n${last}`);
    },
    startApp(session, args, env = '', size = { x: 80, y: 24 }) {
      // Ink renders nothing until exit when it thinks it runs in CI: the app is started without CI set;
      // nor with a PIN from the environment (a person types it; `env` can still give one).
      const cmd = `env -u CI -u CONTINUOUS_INTEGRATION -u LUUDONG_PIN TERM=xterm-256color ${env} ${process.execPath} ${BIN} ${args.join(' ')}; echo EXITED $?; sleep 60`;
      tmux('new-session', '-d', '-s', session, '-x', String(size.x), '-y', String(size.y), cmd);
    },
    kill() {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
}

/** tmux must be there: the end-to-end tests fail (never skip) without it. */
export function needTmux(): void {
  if (spawnSync('tmux', ['-V']).error) throw new Error('tmux is required for the end-to-end tests (apt-get install tmux)');
}
