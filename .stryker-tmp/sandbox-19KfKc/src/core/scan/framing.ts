// @ts-nocheck
// Cutting a scanner's byte stream into complete scans: a scan ends at CR, LF or CR LF (one ending,
// not two), or when the line goes quiet for `idleMs` (scanners set to send no terminator). Bytes
// are decoded as UTF-8 once per complete scan, never per chunk, so a letter split across two reads
// arrives whole. Pure: the driver feeds bytes and the clock.

export interface FramerOptions {
  /** Quiet time that ends a scan without a terminator; 0: only terminators end a scan. */
  idleMs: number;
  /** A scan longer than this is cut (a stuck scanner must not grow memory without bound). */
  maxBytes: number;
}

export class ScanFramer {
  private buf: number[] = [];
  private lastAt = 0;
  /** A CR just ended a scan: an LF right after it belongs to the same ending. */
  private afterCr = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly opts: FramerOptions = { idleMs: 50, maxBytes: 4096 }) {}

  /** Feed bytes received at `at` (ms); returns the scans they complete, in order. */
  push(bytes: Uint8Array, at: number): string[] {
    const out = this.flushIfIdle(at);
    for (const b of bytes) {
      if (b === 0x0a && this.afterCr) {
        this.afterCr = false;
        continue;
      }
      this.afterCr = false;
      if (b === 0x0d || b === 0x0a) {
        this.afterCr = b === 0x0d;
        if (this.buf.length) out.push(this.take());
        continue;
      }
      this.buf.push(b);
      if (this.buf.length >= this.opts.maxBytes) out.push(this.take());
    }
    this.lastAt = at;
    return out;
  }

  /** When the line has been quiet for idleMs, the bytes held so far are a scan. */
  flushIfIdle(now: number): string[] {
    if (this.opts.idleMs > 0 && this.buf.length && now - this.lastAt >= this.opts.idleMs) return [this.take()];
    return [];
  }

  /** Milliseconds until a pending scan times out, or null when nothing is pending. */
  pendingMs(now: number): number | null {
    if (!this.buf.length || this.opts.idleMs <= 0) return null;
    return Math.max(0, this.opts.idleMs - (now - this.lastAt));
  }

  private take(): string {
    const s = this.decoder.decode(new Uint8Array(this.buf));
    this.buf = [];
    return s;
  }
}
