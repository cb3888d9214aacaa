// Filling a file system to the last byte, for the full-disk tests.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Fill the file system holding `dir` to the last byte; returns a function giving the room back. */
export function fillDisk(dir: string): () => void {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
    const chunk = Buffer.alloc(size, 0x55);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    }
  }
  closeSync(fd);
  return () => rmSync(file);
}
