// @ts-nocheck
// A barcode scanner in USB serial (CDC-ACM) mode, opened by path (best a stable
// /dev/serial/by-id/… link). Scans are framed by their line ending or by a quiet line
// (src/core/scan/framing.ts). Unplugged, it says so and reopens the path once it is back, without
// a restart. serialport is loaded on first start.
import { stat } from 'node:fs';
import { ScanFramer, type FramerOptions } from '../../src/core/scan/framing.js';
import type { BarcodeSource, ScanEvent, ScannerState } from '../../src/ports/scanner.js';

export interface SerialScannerOptions {
  path: string;
  baudRate?: number;
  framing?: FramerOptions;
  /** How long to wait before trying a vanished device again, and how often to check that the
   * device is still there (ms). */
  retryMs?: number;
  now?: () => number;
}

type Port = import('serialport').SerialPort;

export class SerialScanner implements BarcodeSource {
  private port: Port | undefined;
  private stopped = true;
  private retry: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private watch: NodeJS.Timeout | undefined;
  private framer: ScanFramer;
  private onScan: (e: ScanEvent) => void = () => undefined;
  private onState: (s: ScannerState, detail?: string) => void = () => undefined;
  private state: ScannerState | undefined;

  constructor(
    readonly name: string,
    private readonly opts: SerialScannerOptions,
  ) {
    this.framer = new ScanFramer(opts.framing ?? { idleMs: 50, maxBytes: 4096 });
  }

  start(onScan: (e: ScanEvent) => void, onState?: (s: ScannerState, detail?: string) => void): void {
    this.onScan = onScan;
    if (onState) this.onState = onState;
    this.stopped = false;
    void this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.idle);
    clearInterval(this.watch);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private setState(s: ScannerState, detail?: string): void {
    if (this.state === s) return;
    this.state = s;
    this.onState(s, detail);
  }

  private emit(texts: string[]): void {
    const at = this.now();
    for (const text of texts) this.onScan({ text, source: this.name, at });
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate ?? 9600, autoOpen: false });
    port.on('data', (chunk: Buffer) => {
      this.emit(this.framer.push(chunk, this.now()));
      // A scanner set to send no terminator: the scan ends when the line goes quiet.
      clearTimeout(this.idle);
      const wait = this.framer.pendingMs(this.now());
      if (wait !== null) this.idle = setTimeout(() => this.emit(this.framer.flushIfIdle(this.now())), wait + 1);
    });
    port.on('close', () => this.lost('closed'));
    port.on('error', (e: Error) => this.lost(e.message));
    port.open((e) => {
      if (e) return this.lost(e.message);
      this.port = port;
      this.setState('connected');
      // An unplugged device is not always reported by the port itself (no read pending): its
      // path vanishing is, for /dev/ttyACM* and the /dev/serial/by-id/ links alike.
      clearInterval(this.watch);
      this.watch = setInterval(() => {
        stat(this.opts.path, (err) => {
          if (err && this.port === port) {
            port.close(() => undefined);
            this.lost('unplugged');
          }
        });
      }, this.opts.retryMs ?? 1000);
      this.watch.unref();
    });
  }

  private lost(detail: string): void {
    this.port = undefined;
    clearInterval(this.watch);
    if (this.stopped) return;
    this.setState('disconnected', detail);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), this.opts.retryMs ?? 1000);
  }
}
