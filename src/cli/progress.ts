// Progress of a long command (a handover of thousands of dossiers) on stderr: a one-line text bar,
// redrawn in place at most ten times a second, and only when stderr is a terminal, so a script or a
// log file gets no carriage returns, just the summary line every run ends with.
import { writeSync } from 'node:fs';
import { escapeTerminal } from '../core/text.js';

const WIDTH = 24;
const EVERY_MS = 100;

export class ProgressBar {
  private lastAt = 0;
  private lastLine = '';
  private drawn = false;

  constructor(private readonly tty = process.stderr.isTTY === true) {}

  update(label: string, done: number, total: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (done < total && now - this.lastAt < EVERY_MS) return;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * WIDTH);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${done}/${total}`;
    if (line === this.lastLine) return;
    this.lastAt = now;
    this.lastLine = line;
    this.drawn = true;
    writeSync(2, `\r${escapeTerminal(line)}\x1b[K`);
  }

  /** Take the bar off the line (before an error message, or the summary). */
  clear(): void {
    if (this.drawn) writeSync(2, '\r\x1b[K');
    this.drawn = false;
  }

  /** The last word of the run, printed whether or not stderr is a terminal. */
  finish(summary: string): void {
    this.clear();
    writeSync(2, escapeTerminal(summary) + '\n');
  }
}
