// The citizen's rating keypad through node-hid: a small USB keypad (or any second keyboard) opened
// as a raw HID device, its boot-protocol reports read and decoded (src/core/rater.ts). When it goes
// away (unplugged, a read error) it is opened again every second until stop().
//
// Limit: on Linux, hidraw reads do not take the device from the kernel's keyboard driver: its keys
// still reach a text console or desktop that has focus. The counter runs the screen in a terminal
// whose keys come from the operator's keyboard only when the keypad's input device is grabbed
// (EVIOCGRAB) or unbound from hid-generic by a udev rule; see README (rating keypad).
import { KeypadDecoder } from '../../src/core/rater.js';
import type { RaterState, RatingKeypad } from '../../src/ports/rater.js';
import type { HidDeviceLike, HidTarget } from '../scanner/hid.js';
import { parseHidTarget } from '../scanner/hid.js';

export interface HidKeypadOptions {
  /** vid:pid[:serial] in hex, or a /dev/hidrawN path. */
  target: string;
  /** Opens the device; node-hid by default (tests pass a fake that sends real keyboard reports). */
  open?: (target: HidTarget) => Promise<HidDeviceLike>;
  retryMs?: number;
}

/** HID usage page 1 (generic desktop), usage 6 (keyboard). */
const KEYBOARD = { usagePage: 0x01, usage: 0x06 };

export class HidKeypad implements RatingKeypad {
  private device: HidDeviceLike | undefined;
  private run = 0;
  private retry: NodeJS.Timeout | undefined;
  private readonly decoder = new KeypadDecoder();
  private state: RaterState | undefined;
  private onKey: (digit: number) => void = () => undefined;
  private onState: (s: RaterState, detail?: string) => void = () => undefined;

  constructor(
    readonly name: string,
    private readonly opts: HidKeypadOptions,
  ) {}

  start(onKey: (digit: number) => void, onState?: (s: RaterState, detail?: string) => void): void {
    this.onKey = onKey;
    if (onState) this.onState = onState;
    this.run++;
    void this.open();
  }

  async stop(): Promise<void> {
    this.run++;
    clearTimeout(this.retry);
    const d = this.device;
    this.device = undefined;
    if (d) await quietly(d);
  }

  private setState(s: RaterState, detail?: string): void {
    if (this.state === s) return;
    this.state = s;
    this.onState(s, detail);
  }

  private async open(): Promise<void> {
    const run = this.run;
    let device: HidDeviceLike;
    try {
      device = await (this.opts.open ?? openKeyboard)(parseHidTarget(this.opts.target));
    } catch (e) {
      if (run === this.run) this.lost((e as Error).message ?? String(e));
      return;
    }
    if (run !== this.run) return void (await quietly(device));
    this.device = device;
    this.decoder.reset(); // a key held across an unplug is not a new press
    device.on('data', (report) => {
      if (this.device !== device) return;
      const digit = this.decoder.push(report);
      if (digit !== undefined) this.onKey(digit);
    });
    device.on('error', (e) => {
      if (this.device !== device) return;
      this.device = undefined;
      void quietly(device);
      this.lost((e as Error)?.message ?? String(e));
    });
    this.setState('connected');
  }

  private lost(detail: string): void {
    this.setState('disconnected', detail);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), this.opts.retryMs ?? 1000);
  }
}

async function quietly(d: HidDeviceLike): Promise<void> {
  try {
    await d.close();
  } catch {
    /* already gone */
  }
}

async function openKeyboard(target: HidTarget): Promise<HidDeviceLike> {
  const HID = await import('node-hid');
  if ('path' in target) return HID.HIDAsync.open(target.path);
  const found = (await HID.devicesAsync(target.vendorId, target.productId)).find((d) => d.usagePage === KEYBOARD.usagePage && d.usage === KEYBOARD.usage && (!target.serialNumber || d.serialNumber === target.serialNumber));
  if (!found?.path) throw new Error(`no keyboard interface for ${target.vendorId.toString(16).padStart(4, '0')}:${target.productId.toString(16).padStart(4, '0')}`);
  return HID.HIDAsync.open(found.path);
}
