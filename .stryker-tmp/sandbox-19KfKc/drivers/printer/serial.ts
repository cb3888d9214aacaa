// @ts-nocheck
// A thermal printer on a serial port (RS-232, or a USB-serial adapter: /dev/ttyUSB0, /dev/ttyS0).
// Two-way: the printer answers DLE EOT, so every job is checked before and after it is sent. The
// port is opened on first use and kept open between jobs; after a link failure it is closed and
// opened afresh by the next job, which is how a printer unplugged and plugged back in is found again.
import { SerialPort } from 'serialport';
import { PrinterError, type PrinterConfig, type PrinterStatus, type PrinterTransport, type PrintFailure, type PrintPayload } from '../../src/ports/printer.js';
import { OneAtATime, PrinterLink, printChecked, printUnchecked, readStatus, STATUS_TIMEOUT_MS, type TwoWayIO } from './link.js';

export interface SerialOptions {
  statusTimeoutMs?: number;
  /** How long one piece of a job may wait to be taken, on top of its time on the wire at the baud rate. */
  writeTimeoutMs?: number;
}

const DEFAULT_BAUD_RATE = 9600;
const CHUNK = 4096;
/** What the printer says about itself; any other failure means the port cannot be trusted any more. */
const PRINTER_STATES: ReadonlySet<PrintFailure> = new Set(['offline', 'coverOpen', 'paperOut', 'error']);

interface OpenPort {
  port: SerialPort;
  link: PrinterLink;
}

export class SerialTransport implements PrinterTransport {
  readonly twoWay = true;
  private current: OpenPort | null = null;
  private readonly queue = new OneAtATime();
  private readonly baudRate: number;
  private readonly statusTimeoutMs: number;
  private readonly pieceTimeoutMs: number;

  constructor(
    readonly config: PrinterConfig,
    opts: SerialOptions = {},
  ) {
    this.baudRate = config.baudRate ?? DEFAULT_BAUD_RATE;
    this.statusTimeoutMs = opts.statusTimeoutMs ?? STATUS_TIMEOUT_MS;
    // 10 bits a byte on the wire (start, 8 data, stop); a piece may queue behind one already in the
    // kernel's buffer, hence twice its own time.
    const pieceOnWireMs = Math.ceil((CHUNK * 10 * 1000) / this.baudRate);
    this.pieceTimeoutMs = (opts.writeTimeoutMs ?? 10_000) + 2 * pieceOnWireMs;
  }

  print(payload: PrintPayload): Promise<void> {
    return this.queue.run(() => this.use((io) => (this.config.statusCheck === false ? printUnchecked(io, payload.bytes, CHUNK) : printChecked(io, payload.bytes, CHUNK))));
  }

  status(): Promise<PrinterStatus | null> {
    return this.queue.run(() => this.use(readStatus));
  }

  async close(): Promise<void> {
    const open = this.current;
    this.current = null;
    if (open) await closePort(open);
  }

  private async use<T>(task: (io: TwoWayIO) => Promise<T>): Promise<T> {
    const open = await this.open();
    try {
      return await task(this.io(open));
    } catch (e) {
      if (!(e instanceof PrinterError && PRINTER_STATES.has(e.failure))) await this.drop(open);
      throw e;
    }
  }

  private async open(): Promise<OpenPort> {
    if (this.current && !this.current.link.failed) return this.current;
    if (this.current) await this.drop(this.current);
    const path = this.config.target;
    const port = new SerialPort({ path, baudRate: this.baudRate, autoOpen: false });
    const link = new PrinterLink();
    port.on('data', (chunk: Buffer) => link.received(chunk));
    port.on('error', (e: Error) => link.break(new PrinterError('io', `${path}: ${e.message}`)));
    // Also emitted when the device vanishes (the binding closes the port on a read or write error).
    port.on('close', () => link.break(new PrinterError('io', `${path} closed`)));
    await new Promise<void>((resolve, reject) => {
      port.open((e) => (e ? reject(new PrinterError('unreachable', `${path}: ${e.message}`)) : resolve()));
    });
    this.current = { port, link };
    return this.current;
  }

  private async drop(open: OpenPort): Promise<void> {
    if (this.current === open) this.current = null;
    await closePort(open);
  }

  private io({ port, link }: OpenPort): TwoWayIO {
    const path = this.config.target;
    const stalled = () => new PrinterError('timeout', `${path} took no data for ${this.pieceTimeoutMs} ms`);
    return {
      link,
      statusTimeoutMs: this.statusTimeoutMs,
      send: (bytes) =>
        link.within(
          new Promise<void>((resolve, reject) => {
            port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (e) =>
              e ? reject(new PrinterError('io', `${path}: ${e.message}`)) : resolve(),
            );
          }),
          this.pieceTimeoutMs,
          stalled,
        ),
      drain: () =>
        link.within(
          new Promise<void>((resolve, reject) => {
            port.drain((e) => (e ? reject(new PrinterError('io', `${path}: ${e.message}`)) : resolve()));
          }),
          this.pieceTimeoutMs,
          stalled,
        ),
    };
  }
}

async function closePort({ port, link }: OpenPort): Promise<void> {
  link.break(new PrinterError('io', `${port.path} closed`));
  if (!port.isOpen) return;
  // A port whose device has vanished may fail to close; it is released either way.
  await new Promise<void>((resolve) => port.close(() => resolve()));
}
