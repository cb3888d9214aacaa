// Length-prefixed JSON frames over one stream: a 4-byte big-endian length, then that many bytes of
// UTF-8 JSON. What arrives is untrusted until checked: a frame over the limit, a length that is not
// followed by JSON, or JSON that is not an object ends the connection (FrameError).
export const MAX_FRAME = 32 * 1024 * 1024;

export class FrameError extends Error {}

export function encodeFrame(msg: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  if (body.length > MAX_FRAME) throw new FrameError(`frame of ${body.length} bytes is over the limit`);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Collects bytes as they come and hands out whole messages. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly max = MAX_FRAME) {}

  /** Bytes received after the last whole frame (a stream that switches to raw bytes after a frame). */
  rest(): Buffer {
    const b = Buffer.concat(this.chunks);
    this.chunks = [];
    this.size = 0;
    return b;
  }

  /** Add bytes; returns the messages completed by them (objects, never arrays or primitives). */
  push(chunk: Buffer): Record<string, unknown>[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const out: Record<string, unknown>[] = [];
    for (;;) {
      if (this.size < 4) return out;
      const buf = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
      this.chunks = [buf];
      const len = buf.readUInt32BE(0);
      if (len > this.max) throw new FrameError(`frame of ${len} bytes is over the limit`);
      if (buf.length < 4 + len) return out;
      let msg: unknown;
      try {
        msg = JSON.parse(buf.subarray(4, 4 + len).toString('utf8'));
      } catch {
        throw new FrameError('a frame is not JSON');
      }
      if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new FrameError('a frame is not an object');
      out.push(msg as Record<string, unknown>);
      const rest = buf.subarray(4 + len);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
    }
  }
}
