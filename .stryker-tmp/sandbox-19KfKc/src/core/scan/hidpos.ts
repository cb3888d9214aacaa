// @ts-nocheck
// A barcode scanner in USB HID POS mode (HID usage page 0x8C "Bar Code Scanner", usage 0x02) sends
// each scan as one or more "Scanned Data" input reports of at most 56 data bytes. This file puts the
// reports of one scan back together, and builds such reports from text (for the fake device and the
// property tests). Pure: the driver (drivers/scanner/hid.ts) feeds it what node-hid delivers.
//
// The report, as documented by Honeywell (Hand Held Products "USB Interfaces User's Guide", HID POS
// Interface, "Getting Scanned Data") and Access-IS (LSR116 / ATR110 product manuals, appendix "HID
// reports: Receive data", with a worked two-report example), and as read for Honeywell, Zebra and
// Datalogic by NielsLeenheer/WebHidBarcodeScanner; its fields are the usages of the USB-IF "HID
// Point of Sale Usage Tables" 1.02, page 0x8C (Scanned Data Report, Symbology Identifier 1-3,
// Decoded Data, Decoded Data Continued):
//
//   byte 0      report ID 0x02
//   byte 1      number of decoded-data bytes in this report (0-56)
//   bytes 2-4   AIM symbology identifier, e.g. "]Q1" QR Code, "]C0" Code 128
//   bytes 5-60  decoded data, zero-padded
//   byte 61     the maker's own symbology code (Honeywell code ID); not used here
//   byte 62     reserved
//   byte 63     bit 0: Decoded Data Continued (more reports of this scan follow)
//
// A Honeywell capture (HenkVanAsselt/python_hon_usbhid, README) agrees byte for byte: a long reply
// comes as [2, 56, "]X0", 56 bytes, 63, 0, 1] … and ends with [2, 9, "]X0", 9 bytes, 0…, 63, 0, 0].
//
// hidapi (node-hid, every backend; on Linux hidraw the kernel hands it over so) keeps a numbered
// report's ID as byte 0; WebHID and some capture tools give the 63 bytes after it. Both are read.

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCANNER_USAGE = 0x02;
export const SCANNED_DATA_REPORT_ID = 0x02;
/** Decoded-data bytes one report carries at most. */
export const HID_POS_DATA_MAX = 56;

/** The report after its ID byte: length, 3 AIM bytes, 56 data bytes, maker's code, reserved, flags. */
const PAYLOAD_SIZE = 63;
const AT_LENGTH = 0;
const AT_AIM = 1;
const AT_DATA = 4;
const AT_FLAGS = 62;
const CONTINUED = 0x01;

export interface HidPosScan {
  /** The scan decoded once as UTF-8, trailing CR/LF removed. */
  text: string;
  /** AIM symbology identifier of the scan ("]Q1" for a QR code); '' when the scanner sends none. */
  symbology: string;
  /** Longer than maxBytes: the text is the start of the scan, cut at a character boundary. */
  truncated: boolean;
}

export interface HidPosOptions {
  /** Longest scan kept, in bytes; the rest of a runaway scan is dropped. */
  maxBytes?: number;
  /** Does each buffer start with the report ID? 'auto' goes by size: 64 bytes with it, 63 without. */
  reportId?: 'present' | 'absent' | 'auto';
}

export interface HidPosCounts {
  /** Reports of the wrong size or with a length byte over 56: dropped, with the scan they were in. */
  malformed: number;
  /** Other reports on the same interface (another report ID). */
  ignored: number;
  /** Scans cut at maxBytes. */
  truncated: number;
}

export class HidPosReassembler {
  readonly counts: HidPosCounts = { malformed: 0, ignored: 0, truncated: 0 };
  private chunks: Uint8Array[] = [];
  private size = 0;
  private symbology: string | undefined;
  private cut = false;
  /** A malformed report broke the scan it was in: the rest of that scan is skipped. */
  private skipping = false;
  private readonly maxBytes: number;
  private readonly reportId: 'present' | 'absent' | 'auto';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(opts: HidPosOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 4096;
    this.reportId = opts.reportId ?? 'auto';
  }

  /** Feed one input report; returns the scan it completes, if it completes one. */
  push(report: Uint8Array): HidPosScan | null {
    const payload = this.payload(report);
    if (payload === 'other') {
      this.counts.ignored++;
      return null;
    }
    if (!payload) {
      // Not a report of this layout (HID fixes a report's size), so no continuation bit to read:
      // what was gathered is dropped and the next report is read as the start of a scan.
      this.counts.malformed++;
      this.reset();
      return null;
    }
    const length = payload[AT_LENGTH]!;
    const more = (payload[AT_FLAGS]! & CONTINUED) !== 0;
    if (length > HID_POS_DATA_MAX) {
      // A scan with a hole in it must never reach the classifier: drop it whole, tail included.
      this.counts.malformed++;
      this.reset();
      this.skipping = more;
      return null;
    }
    if (this.skipping) {
      this.skipping = more;
      return null;
    }
    this.symbology ??= aim(payload.subarray(AT_AIM, AT_AIM + 3));
    this.append(payload.subarray(AT_DATA, AT_DATA + length));
    return more ? null : this.finish();
  }

  /** Forget a half-gathered scan (the device went away in the middle of one). */
  reset(): void {
    this.chunks = [];
    this.size = 0;
    this.symbology = undefined;
    this.cut = false;
    this.skipping = false;
  }

  /** The report without its ID byte, 'other' for another report, undefined when malformed. */
  private payload(report: Uint8Array): Uint8Array | 'other' | undefined {
    const withId = this.reportId === 'present' || (this.reportId === 'auto' && report.length === PAYLOAD_SIZE + 1);
    if (!withId) return report.length === PAYLOAD_SIZE ? report : undefined;
    if (report.length !== PAYLOAD_SIZE + 1) return undefined;
    return report[0] === SCANNED_DATA_REPORT_ID ? report.subarray(1) : 'other';
  }

  private append(data: Uint8Array): void {
    if (this.cut || data.length === 0) return;
    const room = this.maxBytes - this.size;
    if (data.length > room) {
      this.cut = true;
      data = data.subarray(0, room);
    }
    this.chunks.push(data.slice());
    this.size += data.length;
  }

  private finish(): HidPosScan | null {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    const truncated = this.cut;
    const symbology = this.symbology ?? '';
    this.reset();
    if (truncated) this.counts.truncated++;
    const text = this.decoder.decode(truncated ? bytes.subarray(0, completeUtf8(bytes)) : bytes).replace(/[\r\n]+$/, '');
    // A scanner sends no empty scans; an empty report (or a lone line ending) is not one.
    return text ? { text, symbology, truncated } : null;
  }
}

/** The AIM identifier as sent: three ASCII bytes, or nothing when the scanner leaves them zero. */
function aim(b: Uint8Array): string {
  return String.fromCharCode(...b).replace(/\0+$/, '');
}

/** How many bytes of `b` end on a character boundary: a cut scan must not end in half a letter. */
function completeUtf8(b: Uint8Array): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
    const x = b[i]!;
    if ((x & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return i + need > b.length ? i : b.length;
  }
  return b.length;
}

export interface HidPosBuildOptions {
  /** AIM symbology identifier, three ASCII characters; default "]Q1" (QR Code). */
  symbology?: string;
  /** Start each report with its ID byte, as node-hid delivers it; default true. */
  reportId?: boolean;
  /** Data bytes per report (1-56), fixed or chosen per report; default 56, as scanners fill them. */
  chunk?: number | ((index: number) => number);
}

/** The Scanned Data reports a HID POS scanner sends for `text` (UTF-8), in order. */
export function hidPosReports(text: string, opts: HidPosBuildOptions = {}): Uint8Array[] {
  const symbology = opts.symbology ?? ']Q1';
  if (!/^[\x00-\x7f]{3}$/.test(symbology)) throw new RangeError(`AIM identifier must be 3 ASCII characters: ${symbology}`);
  const withId = opts.reportId ?? true;
  const chunk = opts.chunk ?? HID_POS_DATA_MAX;
  const data = new TextEncoder().encode(text);
  const reports: Uint8Array[] = [];
  let at = 0;
  do {
    const want = typeof chunk === 'number' ? chunk : chunk(reports.length);
    if (!Number.isInteger(want) || want < 1 || want > HID_POS_DATA_MAX) throw new RangeError(`report data size must be 1-56: ${want}`);
    const n = Math.min(want, data.length - at);
    const payload = new Uint8Array(PAYLOAD_SIZE);
    payload[AT_LENGTH] = n;
    for (let i = 0; i < 3; i++) payload[AT_AIM + i] = symbology.charCodeAt(i);
    payload.set(data.subarray(at, at + n), AT_DATA);
    at += n;
    payload[AT_FLAGS] = at < data.length ? CONTINUED : 0;
    reports.push(withId ? Uint8Array.of(SCANNED_DATA_REPORT_ID, ...payload) : payload);
  } while (at < data.length);
  return reports;
}
