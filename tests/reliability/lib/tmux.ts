// The built app's screens in tmux, as tests/e2e/tui.tmux.test.ts drives them: a server of our own
// (its own socket), panes read with capture-pane, keys sent with send-keys. Captures are async so
// that the processes the harness runs alongside (CLI loops) keep being served meanwhile.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The least time a person takes from a key to a scan (far more in life: pick up, aim, pull). */
export const SCAN_PAUSE_MS = 150;

export class Tmux {
  readonly socket = `luudong-rel-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor() {
    const v = spawnSync('tmux', ['-V']);
    if (v.error) throw new Error('tmux is required for the reliability tests (apt-get install tmux)');
  }

  /** A session running `command` at 80x24; the command should end with "; echo EXITED $?; sleep …". */
  start(session: string, command: string): void {
    execFileSync('tmux', ['-L', this.socket, 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', command]);
  }

  async capture(session: string): Promise<string> {
    return (await run('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', session], { encoding: 'utf8' })).stdout;
  }

  /** Named keys (F2, Enter, Escape) or single characters, each its own send-keys call. */
  async keys(session: string, ...keys: string[]): Promise<void> {
    for (const k of keys) await run('tmux', ['-L', this.socket, 'send-keys', '-t', session, k]);
  }

  /** Text in one burst, ended by Enter: what a keyboard-wedge scanner sends. First the pause a
   * person takes between the last key and pulling the trigger (SCAN_PAUSE_MS): a burst that comes
   * within the wedge's gap (30 ms) of a key takes that key into the scan by design (the screen's
   * reading of a key cannot be told from a scanner's first character), and a harness that reads the
   * screen and scans in the same few milliseconds made "h" + the ID card one scan (CI, session 3). */
  async scan(session: string, text: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, SCAN_PAUSE_MS));
    await run('tmux', ['-L', this.socket, 'send-keys', '-t', session, '-l', `${text}\r`]);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
