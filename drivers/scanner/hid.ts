// A barcode scanner in USB HID POS mode (usage page 0x8C), read through node-hid, which is loaded on
// first start (`await import`), and its asynchronous API so the event loop never waits on the device.
// Reports are put back together into scans by src/core/scan/hidpos.ts. Unplugged, the scanner says
// so and is looked for again every retryMs until it is back, without a restart.
//
// The device is chosen by "vid:pid[:serial]" (hex) or by path (/dev/hidrawN on Linux). By vid:pid
// the HID POS interface is picked by its usage page: Honeywell scanners show a second HID interface
// with the same IDs on vendor page 0xFF8C that sends no scans (qzind/tray issue #288).
// On Linux the user needs read/write access to /dev/hidraw* (a udev rule); without it the open fails
// and the reason is reported with 'disconnected'.
import { HID_POS_USAGE_PAGE, HidPosReassembler } from '../../src/core/scan/hidpos.js';
import type { BarcodeSource, ScanEvent, ScannerState } from '../../src/ports/scanner.js';
import { type HidDeviceLike, message, ReopeningHid } from './reopening.js';

export type { HidDeviceLike } from './reopening.js';

export type HidTarget = { vendorId: number; productId: number; serialNumber?: string } | { path: string };

/** A report the host sends once after each open, for models that want one; the first byte is its ID. */
export interface HidInitReport {
  kind: 'feature' | 'output';
  data: number[];
}

/**
 * Honeywell (Hand Held Products "USB Interfaces User's Guide", HID POS): when HID POS is one half of
 * a composite keyboard + HID POS device, scans go to the keyboard until the host sends feature report
 * 0xFE "Redirect Output" naming the HID POS interface, 1. The guide advises sending it always and
 * ignoring an error, which is what happens here (NielsLeenheer/WebHidBarcodeScanner sends the same
 * bytes to every Honeywell). Honeywell's other output reports are 0x04 (trigger, untrigger, beeps)
 * and 0xFD (menu commands as over RS-232); neither is needed to receive scans. For Zebra and
 * Datalogic in HID POS mode no such report is documented, and that library sends them none.
 */
export const HONEYWELL_REDIRECT: HidInitReport = { kind: 'feature', data: [0xfe, 0x01] };

export interface HidScannerOptions {
  /** "vid:pid[:serial]" in hex, a device path, or a parsed target. */
  target: string | HidTarget;
  /** Reports sent after each open; none by default (see HONEYWELL_REDIRECT). */
  init?: HidInitReport[];
  /** How long to wait before looking for a vanished device again (ms). */
  retryMs?: number;
  /** Longest scan kept (bytes). */
  maxBytes?: number;
  /** Finds and opens the device; node-hid by default. It rejects while the device is absent. */
  open?: (target: HidTarget) => Promise<HidDeviceLike>;
  now?: () => number;
}

/** A scan from a HID POS scanner: a ScanEvent that also says which symbology it was read from. */
export interface HidScanEvent extends ScanEvent {
  /** AIM symbology identifier ("]Q1" QR Code, "]C0" Code 128); '' when the scanner sends none. */
  symbology: string;
  /** The scan was longer than maxBytes and only its start is here. */
  truncated: boolean;
}

export function parseHidTarget(spec: string): HidTarget {
  const m = /^([0-9a-f]{4}):([0-9a-f]{4})(?::(.+))?$/i.exec(spec.trim());
  if (!m) return { path: spec };
  const target = { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
  return m[3] ? { ...target, serialNumber: m[3] } : target;
}

export class HidScanner extends ReopeningHid<null> implements BarcodeSource {
  private state: ScannerState | undefined;
  private readonly target: HidTarget;
  private readonly reassembler: HidPosReassembler;
  private onScan: (e: HidScanEvent) => void = () => undefined;
  private onState: (s: ScannerState, detail?: string) => void = () => undefined;

  constructor(
    readonly name: string,
    private readonly opts: HidScannerOptions,
  ) {
    super();
    this.target = typeof opts.target === 'string' ? parseHidTarget(opts.target) : opts.target;
    this.reassembler = new HidPosReassembler({ maxBytes: opts.maxBytes ?? 4096 });
  }

  start(onScan: (e: HidScanEvent) => void, onState?: (s: ScannerState, detail?: string) => void): void {
    this.onScan = onScan;
    if (onState) this.onState = onState;
    this.begin();
  }

  private setState(s: ScannerState, detail?: string): void {
    if (this.state === s) return;
    this.state = s;
    this.onState(s, detail);
  }

  protected async take(): Promise<{ device: HidDeviceLike; how: null }> {
    return { device: await (this.opts.open ?? openNodeHid)(this.target), how: null };
  }

  protected async opened(device: HidDeviceLike): Promise<void> {
    this.reassembler.reset(); // half a scan from before the unplug is not the start of the next one
    this.setState('connected');
    for (const r of this.opts.init ?? []) {
      try {
        if (r.kind === 'feature') await device.sendFeatureReport?.(r.data);
        else await device.write(r.data);
      } catch {
        // Models that do not know the report refuse it; they send scans all the same.
      }
    }
  }

  protected report(report: Buffer): void {
    const scan = this.reassembler.push(report);
    if (scan) this.onScan({ ...scan, source: this.name, at: (this.opts.now ?? Date.now)() });
  }

  protected failed(e: unknown): number {
    this.setState('disconnected', message(e));
    return this.opts.retryMs ?? 1000;
  }
}

/** The default opener: by path, or the HID POS interface among those with the right IDs. */
async function openNodeHid(target: HidTarget): Promise<HidDeviceLike> {
  const HID = await import('node-hid');
  if ('path' in target) return HID.HIDAsync.open(target.path);
  const found = (await HID.devicesAsync(target.vendorId, target.productId)).find(
    (d) => d.usagePage === HID_POS_USAGE_PAGE && (!target.serialNumber || d.serialNumber === target.serialNumber),
  );
  if (!found?.path) throw new Error(`no HID POS interface for ${hex(target.vendorId)}:${hex(target.productId)}${target.serialNumber ? `:${target.serialNumber}` : ''}`);
  return HID.HIDAsync.open(found.path);
}

export interface HidScannerInfo {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  product?: string;
  path?: string;
}

/**
 * The HID POS scanners plugged in (usage page 0x8C). When node-hid cannot load or enumerate (no
 * libusb, no hidraw), the list is empty and `reason` says why, so setup can show it and go on.
 */
export async function listHidScanners(
  load: () => Promise<Pick<typeof import('node-hid'), 'devicesAsync'>> = () => import('node-hid'),
): Promise<{ scanners: HidScannerInfo[]; reason?: string }> {
  try {
    const devices = await (await load()).devicesAsync();
    const scanners = devices
      .filter((d) => d.usagePage === HID_POS_USAGE_PAGE)
      .map((d) => ({ vendorId: d.vendorId, productId: d.productId, serialNumber: d.serialNumber, product: d.product, path: d.path }));
    return { scanners };
  } catch (e) {
    return { scanners: [], reason: message(e) };
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(4, '0');
}
