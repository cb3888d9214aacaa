// Reading all of stdin synchronously, for text piped in (a scanner's output, a script's QR text).
// readFileSync(0) gives up on a pipe whose writer is slower than the reader: the pipe is
// non-blocking once Node has looked at it, and the first empty read fails with EAGAIN, which had
// been taken for "no input". Here an empty read waits a moment and tries again, until end of file.
import { readSync } from 'node:fs';

const WAIT_MS = 10;

export function readStdin(fd = 0): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, WAIT_MS);
        continue;
      }
      if (code === 'EOF') break; // Windows' way of saying end of file on a pipe
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
