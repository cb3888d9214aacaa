// @ts-nocheck
// A "printer" that appends every job's bytes to a file: for previews (the ESC/POS bytes can be fed
// to a viewer or copied to a printer later) and for tests. One-way. The file holds what a slip
// holds (names, ID numbers), so it is created readable by its owner only.
import { type FileHandle, open } from 'node:fs/promises';
import type { PrinterConfig, PrinterStatus, PrinterTransport, PrintPayload } from '../../src/ports/printer.js';
import { fsFailure, OneAtATime } from './link.js';

export class FileTransport implements PrinterTransport {
  readonly twoWay = false;
  private readonly queue = new OneAtATime();

  constructor(readonly config: PrinterConfig) {}

  print(payload: PrintPayload): Promise<void> {
    return this.queue.run(() => appendDurably(this.config.target, payload.bytes));
  }

  status(): Promise<PrinterStatus | null> {
    return Promise.resolve(null);
  }

  /** Nothing is held between jobs. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Append and fsync before resolving: a job reported delivered survives a power cut. */
async function appendDurably(path: string, bytes: Uint8Array): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'a', 0o600);
  } catch (e) {
    throw fsFailure(e, path);
  }
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw fsFailure(e, path);
  }
  try {
    await fh.close();
  } catch (e) {
    throw fsFailure(e, path);
  }
}
