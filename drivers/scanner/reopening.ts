// What the HID drivers (the HID POS barcode scanner, the citizen's rating keypad) share: a device
// opened on start(), its reports handed on, and, when it cannot be opened or goes away (unplugged,
// a read error), looked for again after a while until stop(). Each start() and stop() begins a new
// run: an open still under way from an earlier run closes what it got and does nothing more, and the
// reports and errors of a device that is no longer the current one are ignored. The drivers decide
// what a device is (how it is found and taken), what a report means, and what a failure is called.

/** The part of a node-hid device (HID.HIDAsync) the drivers use; tests pass a fake one. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  write(data: number[] | Buffer): Promise<number> | number;
  sendFeatureReport?(data: number[] | Buffer): Promise<number> | number;
  close(): Promise<void> | void;
}

export abstract class ReopeningHid<T> {
  private device: HidDeviceLike | undefined;
  /** Bumped by start() and stop(). */
  private run = 0;
  private retry: NodeJS.Timeout | undefined;

  /** Finds and opens the device (rejects while it cannot be had). */
  protected abstract take(): Promise<{ device: HidDeviceLike; how: T }>;
  /** A device is open and current: reset what a report from before it left half done, say so. */
  protected abstract opened(device: HidDeviceLike, how: T): void | Promise<void>;
  /** One input report of the current device. */
  protected abstract report(report: Buffer): void;
  /** The device could not be opened (`e` from take()), or went away (`e` its error): say why, and
   * return how long to wait before looking for it again (ms). */
  protected abstract failed(e: unknown): number;

  protected begin(): void {
    this.run++;
    void this.open();
  }

  async stop(): Promise<void> {
    this.run++;
    clearTimeout(this.retry);
    const d = this.device;
    this.device = undefined;
    if (d) await closeQuietly(d);
  }

  private async open(): Promise<void> {
    const run = this.run;
    let got: { device: HidDeviceLike; how: T };
    try {
      got = await this.take();
    } catch (e) {
      if (run === this.run) this.later(this.failed(e));
      return;
    }
    const { device, how } = got;
    if (run !== this.run) return void (await closeQuietly(device));
    this.device = device;
    device.on('data', (report) => {
      if (this.device === device) this.report(report);
    });
    device.on('error', (e) => {
      if (this.device !== device) return;
      this.device = undefined;
      void closeQuietly(device);
      this.later(this.failed(e));
    });
    await this.opened(device, how);
  }

  private later(ms: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), ms);
  }
}

export async function closeQuietly(device: HidDeviceLike): Promise<void> {
  try {
    await device.close();
  } catch {
    // Closing a device that is already gone fails; it is closed either way.
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
