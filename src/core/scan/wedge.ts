// Telling a keyboard-wedge scanner from a person at the keyboard. A wedge scanner "types" its scan
// through the terminal: a burst of characters a few milliseconds apart (often one chunk), ended by
// Enter. A person types at tens of milliseconds per key at the very fastest.
//
// A burst is decided as a whole: it is a scan, or it is typing. Printable text starts a burst; every
// key that follows within gapMs of the last one belongs to it (escape sequences and control keys
// too). The burst is a scan when it ends with the scan suffix having at least minLength printable
// characters, or when it goes quiet with that many and an escape sequence inside (a person cannot
// type an escape sequence among letters at that pace; a scanner sending a code with ESC in it can),
// or with suffix 'none'. Anything else is typing. So nothing inside a scan ever reaches the command
// keys, whatever it holds.
//
// Typing must not wait for the decision: the keys of an undecided burst come out at once as `echo`
// (show them, but keep what they do undoable), and the decision follows: `typed` (the echoed keys
// were typed: keep what they did) or `scan` (take back what the echoed keys did; here is the scan).
// A configured prefix (a control character the scanner sends first, say STX) makes a scan certain
// whatever the timing; what follows a prefix is never echoed. Pure: the caller feeds input events
// and the clock and runs a timer for pendingMs().

export interface WedgeOptions {
  /** Longest pause between two characters of one scan (ms). */
  gapMs: number;
  /** Fewer printable characters than this are keys, however fast (ticket codes have 4). */
  minLength: number;
  /** What the scanner sends before a scan ('' when not configured). */
  prefix: string;
  /** What ends a scan: 'enter' (CR, LF or CR LF, the factory default), 'tab', or 'none' (the burst
   * ends when the input goes quiet). */
  suffix: 'enter' | 'tab' | 'none';
  /** A scan longer than this is cut (a stuck trigger must not grow memory without bound). */
  maxLength: number;
}

export const WEDGE_DEFAULTS: WedgeOptions = { gapMs: 30, minLength: 4, prefix: '', suffix: 'enter', maxLength: 4096 };

export type WedgeOutput =
  /** Keys, decided: act on them. */
  | { kind: 'keys'; raw: string }
  /** Keys of a burst not decided yet: show what they do at once, in a way that can be taken back. */
  | { kind: 'echo'; raw: string }
  /** The keys echoed since the last decision were typed; `raw` is all of them, for a caller that
   * did not act on the echoes. */
  | { kind: 'typed'; raw: string }
  /** A scan. `echoed`: the keys echoed for it, whose effect is to be taken back ('' when none were). */
  | { kind: 'scan'; text: string; echoed: string };

/** With a prefix seen, how long the rest of the scan may take to arrive before it is given up on. */
const PREFIX_WAIT_MS = 500;

const CONTROL = /[\x00-\x1f\x7f]/;

export class WedgeRouter {
  /** The raw input of the burst not decided yet (all of it echoed). */
  private burst = '';
  /** Printable characters (code points) in the burst. */
  private printable = 0;
  /** An escape sequence came inside the burst. */
  private escaped = false;
  /** The text after a prefix (never echoed). */
  private held = '';
  private prefixed = false;
  private lastAt = 0;
  /** A CR just ended a scan: a LF right after it belongs to that scan's ending. */
  private swallowLf = false;
  readonly opts: WedgeOptions;

  constructor(opts: Partial<WedgeOptions> = {}) {
    this.opts = { ...WEDGE_DEFAULTS, ...opts };
  }

  /** One input event as read from the terminal (one escape sequence, or text), received at `at` (ms). */
  push(raw: string, at: number): WedgeOutput[] {
    const out = this.flushIfQuiet(at);
    const emit = (kind: 'keys' | 'echo', s: string) => {
      const last = out.at(-1);
      if (last && last.kind === kind) last.raw += s;
      else out.push({ kind, raw: s });
    };
    // An escape sequence: a key of its own, or part of the burst it arrives in.
    if (raw.startsWith('\x1b') && !this.prefixed) {
      this.swallowLf = false;
      if (this.burst) {
        this.burst += raw;
        this.escaped = true;
        this.lastAt = at;
        emit('echo', raw);
      } else emit('keys', raw);
      return out;
    }
    const { prefix, suffix } = this.opts;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] as string;
      if (this.swallowLf) {
        this.swallowLf = false;
        if (ch === '\n') continue;
      }
      if (!this.prefixed && prefix && raw.startsWith(prefix, i)) {
        // A scan starts: a burst before it was not part of it.
        if (this.burst) out.push(this.decideTyped());
        this.prefixed = true;
        this.lastAt = at;
        i += prefix.length - 1;
        continue;
      }
      const ends = suffix === 'enter' ? ch === '\r' || ch === '\n' : suffix === 'tab' ? ch === '\t' : false;
      if (this.prefixed) {
        // Everything up to the suffix is the scan, control characters and escape sequences too.
        if (ends) {
          out.push({ kind: 'scan', text: this.held, echoed: '' });
          this.held = '';
          this.prefixed = false;
          this.swallowLf = ch === '\r';
          continue;
        }
        this.held += ch;
        this.lastAt = at;
        if (this.held.length >= this.opts.maxLength) {
          out.push({ kind: 'scan', text: this.held, echoed: '' });
          this.held = '';
          this.prefixed = false;
        }
        continue;
      }
      if (ends && this.burst) {
        if (this.printable >= this.opts.minLength) {
          out.push(this.decideScan());
          this.swallowLf = ch === '\r';
          continue;
        }
        // Too short for a scan: what came was typed, and so is this Enter.
        out.push(this.decideTyped());
        emit('keys', ch);
        continue;
      }
      if (CONTROL.test(ch)) {
        // Tab, Backspace, Ctrl+…: a key of its own, or part of the burst it arrives in.
        if (this.burst) {
          this.burst += ch;
          this.lastAt = at;
          emit('echo', ch);
        } else emit('keys', ch);
        continue;
      }
      this.burst += ch;
      // a low surrogate is the second half of a character already counted
      const c = ch.charCodeAt(0);
      if (c < 0xdc00 || c > 0xdfff) this.printable++;
      this.lastAt = at;
      emit('echo', ch);
      if (this.burst.length >= this.opts.maxLength) out.push(this.decideScan());
    }
    return out;
  }

  /** Milliseconds until the input must be decided, or null when nothing waits for a decision. */
  pendingMs(now: number): number | null {
    if (this.prefixed) return Math.max(0, PREFIX_WAIT_MS - (now - this.lastAt));
    if (!this.burst) return null;
    return Math.max(0, this.opts.gapMs - (now - this.lastAt));
  }

  /** Decide the input once it has gone quiet (the caller's timer, or the next event). */
  flushIfQuiet(now: number): WedgeOutput[] {
    if (this.prefixed) {
      if (now - this.lastAt <= PREFIX_WAIT_MS) return [];
      // A prefix whose scan never ended: what followed it was typed, so it goes on as keys.
      const held = this.held;
      this.held = '';
      this.prefixed = false;
      return held ? [{ kind: 'keys', raw: held }] : [];
    }
    if (!this.burst || now - this.lastAt <= this.opts.gapMs) return [];
    const scanLike = this.printable >= this.opts.minLength && (this.opts.suffix === 'none' || this.escaped);
    return [scanLike ? this.decideScan() : this.decideTyped()];
  }

  private decideScan(): WedgeOutput {
    const text = this.burst;
    this.reset();
    return { kind: 'scan', text, echoed: text };
  }

  private decideTyped(): WedgeOutput {
    const raw = this.burst;
    this.reset();
    return { kind: 'typed', raw };
  }

  private reset(): void {
    this.burst = '';
    this.printable = 0;
    this.escaped = false;
  }
}

/**
 * What a caller that does not echo acts on: keys when they are decided (`typed` as keys) and scans;
 * echoes dropped.
 */
export function decidedOnly(outs: readonly WedgeOutput[]): ({ kind: 'keys'; raw: string } | { kind: 'scan'; text: string })[] {
  const r: ({ kind: 'keys'; raw: string } | { kind: 'scan'; text: string })[] = [];
  for (const o of outs) {
    if (o.kind === 'keys' || o.kind === 'typed') {
      if (o.raw) r.push({ kind: 'keys', raw: o.raw });
    } else if (o.kind === 'scan') r.push({ kind: 'scan', text: o.text });
  }
  return r;
}

/** Prefix as configured (`\x02`, `^B`, `STX` or literal text) to the characters the terminal sends. */
export function parsePrefix(s: string): string {
  const named: Record<string, string> = { STX: '\x02', SOH: '\x01', ETX: '\x03', RS: '\x1e', GS: '\x1d' };
  if (named[s.toUpperCase()]) return named[s.toUpperCase()] as string;
  const caret = /^\^([A-Z@\[\\\]^_])$/i.exec(s);
  if (caret) return String.fromCharCode((caret[1] as string).toUpperCase().charCodeAt(0) - 64);
  return s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
