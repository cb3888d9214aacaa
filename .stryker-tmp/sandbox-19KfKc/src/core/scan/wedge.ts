// @ts-nocheck
// Telling a keyboard-wedge scanner from a person at the keyboard. A wedge scanner "types" its scan
// through the terminal: a burst of characters a few milliseconds apart (often one chunk), ended by
// Enter. A person types at tens of milliseconds per key at the very fastest. So printable text is
// held back for a moment (gapMs): text that ends with the scan suffix while still arriving as a
// burst is a scan and never reaches the focused field; anything else is released as keys, in order,
// a few milliseconds late. A configured prefix (a control character the scanner sends first, say
// STX) makes it certain whatever the timing. Pure: the caller feeds input events and the clock and
// runs a timer for pendingMs().

export interface WedgeOptions {
  /** Longest pause between two characters of one scan (ms). */
  gapMs: number;
  /** Fewer characters than this are keys, however fast (ticket codes have 4). */
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

export type WedgeOutput = { kind: 'keys'; raw: string } | { kind: 'scan'; text: string };

/** With a prefix seen, how long the rest of the scan may take to arrive before it is given up on. */
const PREFIX_WAIT_MS = 500;

export class WedgeRouter {
  /** Characters held back: the start of a burst that may yet be a scan. */
  private held = '';
  private lastAt = 0;
  /** Every gap so far was within gapMs. */
  private burst = true;
  private prefixed = false;
  /** A CR just ended a scan: a LF right after it belongs to that scan's ending. */
  private swallowLf = false;
  readonly opts: WedgeOptions;

  constructor(opts: Partial<WedgeOptions> = {}) {
    this.opts = { ...WEDGE_DEFAULTS, ...opts };
  }

  /** One input event as read from the terminal, received at `at` (ms). */
  push(raw: string, at: number): WedgeOutput[] {
    const out = this.flushIfQuiet(at);
    let keys = '';
    const emitKeys = () => {
      if (keys) out.push({ kind: 'keys', raw: keys });
      keys = '';
    };
    // An escape sequence (arrows, function keys, Esc) is a key: nothing a scanner sends.
    if (raw.startsWith('\x1b') && !this.prefixed) {
      out.push(...this.release());
      out.push({ kind: 'keys', raw });
      return out;
    }
    const { prefix, suffix } = this.opts;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] as string;
      if (this.swallowLf) {
        this.swallowLf = false;
        if (ch === '\n') continue;
      }
      if (!this.held && !this.prefixed && prefix && raw.startsWith(prefix, i)) {
        emitKeys();
        this.prefixed = true;
        this.lastAt = at;
        i += prefix.length - 1;
        continue;
      }
      const ends = suffix === 'enter' ? ch === '\r' || ch === '\n' : suffix === 'tab' ? ch === '\t' : false;
      if (ends && (this.held || this.prefixed)) {
        if (this.isScan(at)) {
          emitKeys();
          out.push({ kind: 'scan', text: this.take() });
          this.swallowLf = ch === '\r';
          continue;
        }
        keys += this.take() + ch;
        continue;
      }
      // Other control characters (Tab, Backspace, Ctrl+…) are keys and end any burst, except inside
      // a prefixed scan, which runs to its suffix.
      if (!this.prefixed && /[\x00-\x1f\x7f]/.test(ch)) {
        keys += this.take() + ch;
        continue;
      }
      if (this.held || this.prefixed) {
        if (at - this.lastAt > this.opts.gapMs) this.burst = false;
      } else {
        emitKeys();
        this.burst = true;
      }
      this.held += ch;
      this.lastAt = at;
      if (this.held.length >= this.opts.maxLength) {
        if (this.burst || this.prefixed) out.push({ kind: 'scan', text: this.take() });
        else keys += this.take();
      }
    }
    emitKeys();
    return out;
  }

  /** Milliseconds until held text must be decided, or null when nothing is held. */
  pendingMs(now: number): number | null {
    if (!this.held && !this.prefixed) return null;
    const wait = this.prefixed ? PREFIX_WAIT_MS : this.opts.gapMs;
    return Math.max(0, wait - (now - this.lastAt));
  }

  /** Decide held text once the input has gone quiet: a scan (suffix 'none'), else keys. */
  flushIfQuiet(now: number): WedgeOutput[] {
    const wait = this.prefixed ? PREFIX_WAIT_MS : this.opts.gapMs;
    if ((!this.held && !this.prefixed) || now - this.lastAt <= wait) return [];
    if (this.prefixed) {
      // A prefix whose scan never ended: what followed it was typed, so it goes on as keys.
      this.prefixed = false;
      return this.held ? [{ kind: 'keys', raw: this.take() }] : [];
    }
    if (this.opts.suffix === 'none' && this.isScan(this.lastAt)) return [{ kind: 'scan', text: this.take() }];
    return [{ kind: 'keys', raw: this.take() }];
  }

  /** Held text goes out as keys now (something that is not a scan arrived). */
  private release(): WedgeOutput[] {
    if (this.prefixed || !this.held) return [];
    return [{ kind: 'keys', raw: this.take() }];
  }

  private isScan(at: number): boolean {
    if (this.prefixed) return true;
    return this.burst && at - this.lastAt <= this.opts.gapMs && [...this.held].length >= this.opts.minLength;
  }

  private take(): string {
    const s = this.held;
    this.held = '';
    this.prefixed = false;
    this.burst = true;
    return s;
  }
}

/** Prefix as configured (`\x02`, `^B`, `STX` or literal text) to the characters the terminal sends. */
export function parsePrefix(s: string): string {
  const named: Record<string, string> = { STX: '\x02', SOH: '\x01', ETX: '\x03', RS: '\x1e', GS: '\x1d' };
  if (named[s.toUpperCase()]) return named[s.toUpperCase()] as string;
  const caret = /^\^([A-Z@\[\\\]^_])$/i.exec(s);
  if (caret) return String.fromCharCode((caret[1] as string).toUpperCase().charCodeAt(0) - 64);
  return s.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
