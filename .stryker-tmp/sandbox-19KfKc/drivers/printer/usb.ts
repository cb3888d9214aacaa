// @ts-nocheck
// A thermal printer on the kernel's USB printer driver (usblp): the bytes are written to its device
// file, /dev/usb/lp0. One-way here: the device file carries no DLE EOT answers back, so a job is
// delivered once the kernel has taken it all.
import { constants, type FileHandle, open } from 'node:fs/promises';
import { PrinterError, type PrinterConfig, type PrinterStatus, type PrinterTransport, type PrintPayload } from '../../src/ports/printer.js';
import { fsFailure, OneAtATime, timeLimit } from './link.js';

export interface UsbLpOptions {
  /** How long one piece of a job may wait to be taken by the printer. */
  writeTimeoutMs?: number;
}

const CHUNK = 4096;

export class UsbLpTransport implements PrinterTransport {
  readonly twoWay = false;
  private readonly queue = new OneAtATime();
  private readonly writeTimeoutMs: number;
  /** A write the kernel still holds after its time limit (usblp blocks while paper is out). */
  private stuck = false;

  constructor(
    readonly config: PrinterConfig,
    opts: UsbLpOptions = {},
  ) {
    this.writeTimeoutMs = opts.writeTimeoutMs ?? 20_000;
  }

  print(payload: PrintPayload): Promise<void> {
    return this.queue.run(() => this.write(payload.bytes));
  }

  status(): Promise<PrinterStatus | null> {
    return Promise.resolve(null);
  }

  /** Nothing is held between jobs. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async write(bytes: Uint8Array): Promise<void> {
    const path = this.config.target;
    if (this.stuck) throw new PrinterError('timeout', `${path}: the previous job is still waiting in the printer`);
    let fh: FileHandle;
    try {
      // Write only, never create: a missing device must not become a regular file under /dev.
      fh = await open(path, constants.O_WRONLY);
    } catch (e) {
      throw fsFailure(e, path);
    }
    try {
      for (let at = 0; at < bytes.length; ) {
        const pending = fh.write(bytes, at, Math.min(CHUNK, bytes.length - at));
        const { bytesWritten } = await timeLimit(pending, this.writeTimeoutMs, () => {
          this.abandon(fh, pending);
          return new PrinterError('timeout', `${path} took no data for ${this.writeTimeoutMs} ms`);
        });
        if (bytesWritten === 0) throw new PrinterError('io', `${path} took no data`);
        at += bytesWritten;
      }
    } catch (e) {
      if (!this.stuck) await fh.close().catch(() => undefined);
      throw fsFailure(e, path);
    }
    try {
      await fh.close();
    } catch (e) {
      throw fsFailure(e, path);
    }
  }

  /** A blocked write cannot be cancelled: close the device once it returns, and refuse jobs until then. */
  private abandon(fh: FileHandle, pending: Promise<unknown>): void {
    this.stuck = true;
    void pending
      .catch(() => undefined)
      .then(() => fh.close())
      .catch(() => undefined)
      .finally(() => {
        this.stuck = false;
      });
  }
}
