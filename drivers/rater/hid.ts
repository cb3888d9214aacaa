// The citizen's rating keypad through node-hid: a small USB keypad (or any second keyboard), taken
// from the system so that its keys never reach the operator's screen, its boot-protocol reports
// read and decoded (src/core/rater.ts). When it goes away (unplugged, a read error) it is looked for
// again every second until stop().
//
// How it is taken (node-hid's hidraw backend, its default on Linux, reads beside the kernel's
// keyboard driver, so every key would also go to the text console or the desktop):
// 1. node-hid's libusb backend: hidapi detaches the kernel's driver (usbhid) from the keypad's
//    interface when it opens it and gives it back when it closes it; meanwhile the keypad has no
//    input device at all, so its keys can reach nobody else. It needs write access to its
//    /dev/bus/usb node (the README's udev rule) and libusb-1.0. node-hid picks one backend per
//    process, the first time it is used, and the barcode scanners' HID POS driver wants hidraw (its
//    usage pages): the keypad gets a node-hid of its own, loaded apart, set to libusb.
// 2. Where that cannot be done, the hidraw backend, but only when every input device of the keypad
//    is inhibited (the README's fallback udev rule writes 1 to its 'inhibited'): the kernel then
//    drops its keys before any console or desktop sees them, while hidraw still reads its reports.
// 3. Otherwise the keypad is NOT read, and the operator is told why (RaterState 'notExclusive'):
//    a keypad whose "1" also picks counter 1 on the counter screen is worse than none (the
//    operator's E key records the rating meanwhile). It is looked for again every 10 seconds, so
//    installing the rule and plugging it again is enough.
// An EVIOCGRAB on its /dev/input/event node would also keep its keys from others, but Node cannot
// make that ioctl without a native addon of its own or a helper process holding the grab, and a
// grab still leaves hidraw and the kernel's driver in place; detaching the driver is stronger.
//
// Devices are found through sysfs (/sys/bus/usb/devices): its interface folder's name
// (busnum-ports:config.interface, e.g. 1-2:1.0) is the path hidapi's libusb backend opens, and its
// files say which kernel driver holds it (usbfs: another program has it), where its hidraw and
// input devices are, and its /dev/bus/usb node.
import { accessSync, constants, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { KeypadDecoder } from '../../src/core/rater.js';
import type { KeypadRefusal, RaterState, RatingKeypad } from '../../src/ports/rater.js';
import type { HidTarget } from '../scanner/hid.js';
import { parseHidTarget } from '../scanner/hid.js';
import { closeQuietly as quietly, type HidDeviceLike, ReopeningHid } from '../scanner/reopening.js';

/** The keypad's USB interface as sysfs shows it. */
export interface KeypadInterface {
  /** The interface folder's name, which is also hidapi's libusb path: 1-2:1.0. */
  iface: string;
  /** Its /dev/bus/usb/BBB/DDD node (libusb opens it). */
  devnode: string;
  /** The kernel driver bound to the interface: usbhid normally, usbfs while a program holds it, null for none. */
  driver: string | null;
  /** Its /dev/hidrawN nodes. */
  hidraw: string[];
  /** Its input devices, and whether each is inhibited (its events dropped by the kernel). */
  inputs: { name: string; inhibited: boolean }[];
}

/** How the keypad was taken: its kernel driver detached (libusb), or read through hidraw with its input inhibited. */
export type KeypadHold = 'exclusive' | 'inhibited';

export interface HidKeypadOptions {
  /** vid:pid[:serial] in hex, or a /dev/hidrawN path. */
  target: string;
  /**
   * Opens the device whole, skipping the choice above (tests of decoding and reconnecting pass a
   * fake that sends real keyboard reports).
   */
  open?: (target: HidTarget) => Promise<HidDeviceLike>;
  /** sysfs' root (tests: a folder laid out as sysfs is). */
  sys?: string;
  /** Prefix of the /dev/bus/usb nodes (tests). */
  devRoot?: string;
  /** Opens an interface with node-hid's libusb backend (its kernel driver detached). */
  openExclusive?: (iface: string) => Promise<HidDeviceLike>;
  /** Opens a /dev/hidrawN with node-hid's hidraw backend. */
  openShared?: (hidraw: string) => Promise<HidDeviceLike>;
  /** May this process open the USB node (read and write)? */
  canWrite?: (devnode: string) => boolean;
  /** After a disconnection (ms). */
  retryMs?: number;
  /** After 'busy' or 'notExclusive' (ms). */
  slowRetryMs?: number;
}

/** The keypad cannot be read now: why, for the state told to the operator. */
export class KeypadError extends Error {
  constructor(
    readonly state: Exclude<RaterState, 'connected'>,
    readonly detail: string,
  ) {
    super(`keypad ${state}: ${detail}`);
    this.name = 'KeypadError';
  }
}

/** node-hid's libusb backend could not be loaded (no libusb-1.0 on this machine). */
export class NoLibusbError extends Error {}

export class HidKeypad extends ReopeningHid<KeypadHold> implements RatingKeypad {
  private readonly decoder = new KeypadDecoder();
  private state: string | undefined;
  private onKey: (digit: number) => void = () => undefined;
  private onState: (s: RaterState, detail?: string) => void = () => undefined;
  /** How the keypad is held now, once connected. */
  hold: KeypadHold | undefined;

  constructor(
    readonly name: string,
    private readonly opts: HidKeypadOptions,
  ) {
    super();
  }

  start(onKey: (digit: number) => void, onState?: (s: RaterState, detail?: string) => void): void {
    this.onKey = onKey;
    if (onState) this.onState = onState;
    this.begin();
  }

  private setState(s: RaterState, detail?: string): void {
    // The same state for another reason is news too (busy, then refused).
    const key = `${s}:${s === 'disconnected' ? '' : (detail ?? '')}`;
    if (this.state === key) return;
    this.state = key;
    this.onState(s, detail);
  }

  protected async take(): Promise<{ device: HidDeviceLike; how: KeypadHold }> {
    const target = parseHidTarget(this.opts.target);
    if (this.opts.open) return { device: await this.opts.open(target), how: 'exclusive' };
    const { device, hold } = await takeKeypad(target, this.opts);
    return { device, how: hold };
  }

  protected opened(_device: HidDeviceLike, hold: KeypadHold): void {
    this.hold = hold;
    this.decoder.reset(); // a key held across an unplug is not a new press
    this.setState('connected', hold);
  }

  protected report(report: Buffer): void {
    const digit = this.decoder.push(report);
    if (digit !== undefined) this.onKey(digit);
  }

  protected failed(e: unknown): number {
    if (e instanceof KeypadError && e.state !== 'disconnected') {
      this.setState(e.state, e.detail);
      return this.opts.slowRetryMs ?? 10_000;
    }
    this.setState('disconnected', (e as Error)?.message ?? String(e));
    return this.opts.retryMs ?? 1000;
  }
}

/**
 * Take the keypad for this process alone (see the top of this file), or say why not: a
 * KeypadError 'disconnected' (not plugged in), 'busy' (another program holds it) or 'notExclusive'
 * with a KeypadRefusal.
 */
export async function takeKeypad(target: HidTarget, o: Omit<HidKeypadOptions, 'target' | 'open'> = {}): Promise<{ device: HidDeviceLike; hold: KeypadHold }> {
  const k = findKeypad(target, o.sys, o.devRoot);
  if (!k) throw new KeypadError('disconnected', 'path' in target ? `${target.path}: not found` : `${hex4(target.vendorId)}:${hex4(target.productId)}: not plugged in`);
  // usbfs holds the interface while a program has claimed it: an earlier luudong process of this
  // machine (the print worker, the hub, the counter screen) reads it.
  if (k.driver === 'usbfs') throw new KeypadError('busy', k.iface);
  let refusal: KeypadRefusal;
  try {
    return { device: await (o.openExclusive ?? openLibusb)(k.iface), hold: 'exclusive' };
  } catch (e) {
    refusal = e instanceof NoLibusbError ? 'noLibusb' : (o.canWrite ?? writable)(k.devnode) ? 'refused' : 'access';
  }
  // Its keys are dropped by the kernel (the fallback udev rule): hidraw may read it.
  if (k.hidraw.length > 0 && k.inputs.length > 0 && k.inputs.every((i) => i.inhibited)) {
    return { device: await (o.openShared ?? openHidraw)(k.hidraw[0] as string), hold: 'inhibited' };
  }
  throw new KeypadError('notExclusive', refusal);
}

/**
 * What `luudong doctor` says of a keypad without opening it: not plugged in; held now by a program
 * (usbfs: a luudong process reads it); able to be taken (its USB node ours and libusb there, or its
 * input inhibited by the fallback rule); or not, with the reason its opening would give.
 */
export function keypadReadiness(target: HidTarget, o: Pick<HidKeypadOptions, 'sys' | 'devRoot' | 'canWrite'> & { libusb?: () => unknown } = {}): { state: 'absent' | 'held' | KeypadHold; iface?: string } | { state: 'notExclusive'; iface: string; why: KeypadRefusal } {
  const k = findKeypad(target, o.sys, o.devRoot);
  if (!k) return { state: 'absent' };
  if (k.driver === 'usbfs') return { state: 'held', iface: k.iface };
  let why: KeypadRefusal | undefined;
  if (!(o.canWrite ?? writable)(k.devnode)) why = 'access';
  else {
    try {
      (o.libusb ?? nodeHidLibusb)();
    } catch {
      why = 'noLibusb';
    }
  }
  if (!why) return { state: 'exclusive', iface: k.iface };
  if (k.hidraw.length > 0 && k.inputs.length > 0 && k.inputs.every((i) => i.inhibited)) return { state: 'inhibited', iface: k.iface };
  return { state: 'notExclusive', iface: k.iface, why };
}

/** The keypad's HID interface in sysfs: the keyboard one (boot protocol 1) first, else the lowest numbered. */
export function findKeypad(target: HidTarget, sys = '/sys', devRoot = ''): KeypadInterface | undefined {
  const usb = join(sys, 'bus/usb/devices');
  let ifaces: string[];
  if ('path' in target) {
    // /dev/hidrawN: its HID device's parent is the USB interface.
    try {
      const hid = realpathSync(join(sys, 'class/hidraw', basename(target.path), 'device'));
      ifaces = [basename(dirname(hid))];
    } catch {
      return undefined;
    }
  } else {
    const want = (dev: string) => read(join(usb, dev, 'idVendor'))?.toLowerCase() === hex4(target.vendorId) && read(join(usb, dev, 'idProduct'))?.toLowerCase() === hex4(target.productId) && (!target.serialNumber || read(join(usb, dev, 'serial')) === target.serialNumber);
    ifaces = list(usb)
      .filter((n) => /^\d+-[\d.]+:\d+\.\d+$/.test(n) && read(join(usb, n, 'bInterfaceClass')) === '03' && want(n.slice(0, n.indexOf(':'))))
      .sort((a, b) => rank(usb, a) - rank(usb, b));
  }
  const iface = ifaces[0];
  if (!iface || !/^\d+-[\d.]+:\d+\.\d+$/.test(iface)) return undefined;
  const dir = join(usb, iface);
  const dev = join(usb, iface.slice(0, iface.indexOf(':')));
  const bus = Number(read(join(dev, 'busnum')));
  const num = Number(read(join(dev, 'devnum')));
  if (!Number.isInteger(bus) || !Number.isInteger(num) || bus <= 0 || num <= 0) return undefined;
  let driver: string | null = null;
  try {
    driver = basename(readlinkSync(join(dir, 'driver')));
  } catch {
    driver = null;
  }
  const hidraw: string[] = [];
  const inputs: { name: string; inhibited: boolean }[] = [];
  for (const h of list(dir).filter((n) => /^[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(n))) {
    for (const r of list(join(dir, h, 'hidraw')).filter((n) => /^hidraw\d+$/.test(n))) hidraw.push(`/dev/${r}`);
    for (const i of list(join(dir, h, 'input')).filter((n) => /^input\d+$/.test(n))) inputs.push({ name: i, inhibited: read(join(dir, h, 'input', i, 'inhibited')) === '1' });
  }
  return { iface, devnode: `${devRoot}/dev/bus/usb/${String(bus).padStart(3, '0')}/${String(num).padStart(3, '0')}`, driver, hidraw, inputs };
}

/** Keyboards (boot protocol 1) before other interfaces, then by interface number. */
function rank(usb: string, iface: string): number {
  const keyboard = read(join(usb, iface, 'bInterfaceProtocol')) === '01' ? 0 : 1000;
  return keyboard + Number(iface.slice(iface.lastIndexOf('.') + 1));
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function writable(devnode: string): boolean {
  try {
    accessSync(devnode, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

type NodeHid = typeof import('node-hid');
let libusbHid: NodeHid | undefined;

/**
 * A node-hid of the keypad's own, set to libusb. node-hid keeps its backend in module state and
 * writes the hidraw binding's name into its shared options object the first time it is used, so
 * both modules are loaded afresh here and the process's own node-hid (hidraw, for the scanners) is
 * put back as it was. The two native bindings are separate files and live side by side.
 */
export function nodeHidLibusb(): NodeHid {
  if (libusbHid) return libusbHid;
  const req = createRequire(import.meta.url);
  const ids = [req.resolve('node-hid'), req.resolve('node-hid/binding-options.js')];
  const kept = ids.map((id) => req.cache[id]);
  for (const id of ids) delete req.cache[id];
  try {
    const hid = req('node-hid') as NodeHid;
    hid.setDriverType('libusb');
    hid.getHidapiVersion(); // loads the binding now: a missing libusb-1.0 is said here
    libusbHid = hid;
    return hid;
  } catch (e) {
    throw new NoLibusbError((e as Error).message ?? String(e));
  } finally {
    ids.forEach((id, i) => {
      const m = kept[i];
      if (m) req.cache[id] = m;
      else delete req.cache[id];
    });
  }
}

async function openLibusb(iface: string): Promise<HidDeviceLike> {
  return nodeHidLibusb().HIDAsync.open(iface);
}

async function openHidraw(path: string): Promise<HidDeviceLike> {
  const HID = await import('node-hid');
  return HID.HIDAsync.open(path);
}
