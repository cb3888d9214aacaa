// The one input reader: the terminal's bytes, read here and nowhere else (Ink is given a stdin it
// never reads). Raw mode, 'data' events, UTF-8 decoded across chunk boundaries, cut into events
// (escape sequences one by one, runs of text, bracketed pastes), then the keyboard-wedge router
// (src/core/scan/wedge.ts) as one stage: a scanner's burst is a scan, never keys, and typed keys come
// out at once as echoes that the router later confirms or takes back.
import { StringDecoder } from 'node:string_decoder';
import { WedgeRouter, type WedgeOptions, type WedgeOutput } from '../../core/scan/wedge.js';
import { pasteKey, sequenceLength, splitKeys, type Key } from './keys.js';

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
export const BRACKETED_PASTE_ON = '\x1b[?2004h';
export const BRACKETED_PASTE_OFF = '\x1b[?2004l';

export type InputEvent = { kind: 'input'; raw: string } | { kind: 'paste'; text: string };

/**
 * Cuts decoded terminal input into events. An escape sequence cut by a chunk boundary waits for the
 * next chunk; a bracketed paste is one event however many chunks it spans.
 */
export class InputSplitter {
  private rest = '';
  private pasting: string | null = null;

  push(chunk: string): InputEvent[] {
    const out: InputEvent[] = [];
    let s = this.rest + chunk;
    this.rest = '';
    while (s) {
      if (this.pasting !== null) {
        const end = s.indexOf(PASTE_END);
        if (end < 0) {
          // keep what may be the start of the end marker for the next chunk
          let keep = 0;
          for (let k = Math.min(PASTE_END.length - 1, s.length); k > 0; k--) {
            if (PASTE_END.startsWith(s.slice(-k))) {
              keep = k;
              break;
            }
          }
          this.pasting += s.slice(0, s.length - keep);
          this.rest = s.slice(s.length - keep);
          return out;
        }
        out.push({ kind: 'paste', text: this.pasting + s.slice(0, end) });
        this.pasting = null;
        s = s.slice(end + PASTE_END.length);
        continue;
      }
      const esc = s.indexOf('\x1b');
      if (esc < 0) {
        out.push({ kind: 'input', raw: s });
        break;
      }
      if (esc > 0) out.push({ kind: 'input', raw: s.slice(0, esc) });
      const len = sequenceLength(s, esc);
      if (len === null) {
        this.rest = s.slice(esc);
        break;
      }
      const seq = s.slice(esc, esc + len);
      if (seq === PASTE_START) this.pasting = '';
      else if (seq !== PASTE_END) out.push({ kind: 'input', raw: seq });
      s = s.slice(esc + len);
    }
    return out;
  }

  /** An escape sequence (or a lone Esc) waits for more input. */
  hasPending(): boolean {
    return this.rest !== '' && this.pasting === null;
  }

  /** No more came: what waits is taken as it is (a lone ESC is the Esc key). */
  flush(): InputEvent[] {
    if (!this.hasPending()) return [];
    const raw = this.rest;
    this.rest = '';
    return [{ kind: 'input', raw }];
  }
}

/** What the reader tells its owner. */
export interface KeySink {
  /** A key. `echo`: part of a burst not decided yet, to be shown at once in a way that can be taken back. */
  key(key: Key, echo: boolean): void;
  /** The keys echoed since the last decision were typed: what they did stays. */
  typed(): void;
  /** A scan through the keyboard wedge; `tookBack`: keys were echoed for it, take back what they did. */
  scan(text: string, tookBack: boolean): void;
  /** One batch of input is done (a good moment to draw). */
  settled?(): void;
}

/** The part of a terminal's input stream the reader uses (process.stdin, or a test's). */
export interface InputStream {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  pause?(): unknown;
  resume?(): unknown;
}

export interface KeyReaderOptions {
  wedge?: Partial<WedgeOptions>;
  /** Echo the keys of undecided bursts (the counter screen). Without: keys wait for the decision. */
  echo?: boolean;
  /** Where to switch bracketed paste on (the terminal); absent: left as it is. */
  terminal?: { write(s: string): unknown };
  now?: () => number;
}

export class KeyReader {
  private readonly splitter = new InputSplitter();
  private readonly router: WedgeRouter;
  private readonly decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | undefined;
  private escTimer: NodeJS.Immediate | undefined;
  /** Echoes held back for a sink that does not take them (echo off). */
  private unechoed: Key[] = [];
  private readonly now: () => number;
  private started = false;

  constructor(
    private readonly stream: InputStream,
    private readonly sink: KeySink,
    private readonly opts: KeyReaderOptions = {},
  ) {
    this.router = new WedgeRouter(opts.wedge);
    this.now = opts.now ?? (() => performance.now());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.stream.isTTY) this.stream.setRawMode?.(true);
    this.stream.on('data', this.onData);
    this.stream.resume?.();
    this.opts.terminal?.write(BRACKETED_PASTE_ON);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    clearTimeout(this.timer);
    if (this.escTimer) clearImmediate(this.escTimer);
    this.stream.off('data', this.onData);
    this.opts.terminal?.write(BRACKETED_PASTE_OFF);
    if (this.stream.isTTY) this.stream.setRawMode?.(false);
    this.stream.pause?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.escTimer) {
      clearImmediate(this.escTimer);
      this.escTimer = undefined;
    }
    this.feed(this.splitter.push(text));
    // A lone Esc (or a sequence cut short) is taken as it is once this turn of input is over.
    if (this.splitter.hasPending()) {
      this.escTimer = setImmediate(() => {
        this.escTimer = undefined;
        this.feed(this.splitter.flush());
      });
    }
  };

  private feed(events: InputEvent[]): void {
    if (!events.length) return;
    const at = this.now();
    for (const e of events) {
      if (e.kind === 'paste') {
        // Pasted text is typing for certain: whatever burst came before it is over.
        this.deliver(this.router.flushIfQuiet(Number.POSITIVE_INFINITY));
        this.sink.key(pasteKey(e.text), false);
      } else this.deliver(this.router.push(e.raw, at));
    }
    this.sink.settled?.();
    this.arm();
  }

  private deliver(outs: WedgeOutput[]): void {
    for (const o of outs) {
      switch (o.kind) {
        case 'keys':
          for (const k of splitKeys(o.raw)) this.sink.key(k, false);
          break;
        case 'echo':
          if (this.opts.echo) for (const k of splitKeys(o.raw)) this.sink.key(k, true);
          else this.unechoed.push(...splitKeys(o.raw));
          break;
        case 'typed':
          if (this.opts.echo) this.sink.typed();
          else for (const k of this.unechoed.splice(0)) this.sink.key(k, false);
          break;
        case 'scan':
          this.unechoed = [];
          this.sink.scan(o.text, this.opts.echo === true && o.echoed !== '');
          break;
      }
    }
  }

  /** One timer, only while the router waits to decide a burst. */
  private arm(): void {
    clearTimeout(this.timer);
    const wait = this.router.pendingMs(this.now());
    if (wait === null) return;
    this.timer = setTimeout(() => {
      this.deliver(this.router.flushIfQuiet(this.now()));
      this.sink.settled?.();
      this.arm();
    }, wait + 1);
  }
}
