// @ts-nocheck
// A HID POS barcode scanner in software, for tests of drivers/scanner/hid.ts where no such device
// exists. Its devices have the same small interface as node-hid's HIDAsync; it sends real Scanned
// Data reports (built by hidPosReports) one per timer tick, as a scanner sends one per USB poll,
// records what the host sends it, and can be unplugged (the open device reports an error, as
// node-hid does when a read fails, and opening is refused) and plugged back in.
import { EventEmitter } from 'node:events';
import type { HidDeviceLike, HidTarget } from '../../drivers/scanner/hid.js';
import { hidPosReports, type HidPosBuildOptions } from '../../src/core/scan/hidpos.js';

export class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  /** Output reports the host wrote, in order. */
  readonly written: number[][] = [];
  /** Feature reports the host sent, in order. */
  readonly features: number[][] = [];
  closed = false;

  async write(data: number[] | Buffer): Promise<number> {
    return this.record(this.written, data);
  }

  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    return this.record(this.features, data);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
  }

  private record(into: number[][], data: number[] | Buffer): number {
    if (this.closed) throw new Error('device closed');
    into.push([...data]);
    return data.length;
  }
}

export class FakeHidScanner {
  plugged = true;
  /** Every device handed out, oldest first. */
  readonly devices: FakeHidDevice[] = [];
  /** What each open asked for. */
  readonly targets: HidTarget[] = [];
  /** Opens refused while unplugged. */
  refused = 0;
  private queue: Uint8Array[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tickMs = 2) {}

  /** The opener to hand to HidScanner. */
  readonly open = async (target: HidTarget): Promise<FakeHidDevice> => {
    this.targets.push(target);
    if (!this.plugged) {
      this.refused++;
      throw new Error('no HID POS interface (unplugged)');
    }
    const device = new FakeHidDevice();
    this.devices.push(device);
    return device;
  };

  /** The device the host has open, if any. */
  get current(): FakeHidDevice | undefined {
    const d = this.devices.at(-1);
    return d && !d.closed ? d : undefined;
  }

  /** Reports queued and not yet sent. */
  get pending(): number {
    return this.queue.length;
  }

  /** Scan `text`: its reports go out one per tick once the host has the device open. */
  scan(text: string, opts?: HidPosBuildOptions): void {
    this.send(...hidPosReports(text, opts));
  }

  /** Send raw reports (part of a scan, a damaged one). */
  send(...reports: Uint8Array[]): void {
    this.queue.push(...reports);
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  /** The cable out: the open device fails and what was still to be sent is lost. */
  unplug(): void {
    this.plugged = false;
    this.queue = [];
    this.current?.emit('error', new Error('could not read from HID device'));
  }

  replug(): void {
    this.plugged = true;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const device = this.current;
    if (device && this.queue.length) device.emit('data', Buffer.from(this.queue.shift()!));
    if (!this.queue.length) this.dispose();
  }
}
