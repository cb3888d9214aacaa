// What the app knows of a printer and of the print spool, as plain shapes: where a printer is and
// how it prints, what it reports, why it could not print; the printers as configured and the jobs
// of the spool. A module of its own: the drivers (through the printer port), the store, the use
// cases, the CLI and the screens all speak of these, and none should import another layer for it.

/** Where a printer is and how it prints; stored in the printers table. */
export interface PrinterConfig {
  name: string;
  kind: 'serial' | 'usb' | 'network' | 'cups' | 'file';
  /** serial: device path (e.g. /dev/ttyUSB0); usb: /dev/usb/lp0; network: host:port (port 9100 by
   * default); cups: the queue name; file: a path the bytes are appended to. */
  target: string;
  /** serial only */
  baudRate?: number;
  /** 58 or 80 mm thermal paper, or A4 (through CUPS). */
  paper: '58' | '80' | 'a4';
  /** Vietnamese on a thermal printer: TCVN-3 code pages, text drawn as a bitmap, or ASCII only. */
  profile: 'tcvn3' | 'raster' | 'ascii';
  /** false: the model has no QR command (GS ( k); QR codes are sent as images. Default true. */
  nativeQr?: boolean;
  /**
   * false: send jobs without asking the printer's state (DLE EOT) before and after, for a print box
   * that never answers. Such a job counts as printed once the bytes are sent: paper out or an open
   * cover goes unnoticed. Default true.
   */
  statusCheck?: boolean;
}

/** Real-time status (ESC/POS DLE EOT), as far as the printer reports it. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** A mechanical, cutter or unrecoverable error. */
  error: boolean;
}

/** Why a printer could not take a job; `code` is also the key of the operator's message. */
export type PrintFailure = 'unreachable' | 'timeout' | 'offline' | 'coverOpen' | 'paperOut' | 'error' | 'io';

export type PrinterRole = 'tickets' | 'slips' | 'a4';
export const PRINTER_ROLES: readonly PrinterRole[] = ['tickets', 'slips', 'a4'];

export interface Printer extends PrinterConfig {
  roles: PrinterRole[];
  /** The workstation (its id as paired with the hub) this printer is plugged into; absent: the hub laptop's own. */
  host?: string | null;
}

/**
 * Which jobs a worker takes: all; only the slow ones (A4 PDFs, and slips for printers of the raster
 * profile, both drawn with the font: a fraction of a second of CPU each); or only the quick ones.
 */
export type JobFilter = 'all' | 'slow' | 'quick';

export type JobState = 'queued' | 'printing' | 'done' | 'failed' | 'interrupted' | 'cancelled';

export interface PrintJob {
  id: number;
  printer: string;
  kind: string;
  ref: string | null;
  document: string;
  state: JobState;
  attempts: number;
  nextAt: number;
  reason: string | null;
  worker: string | null;
  createdAt: number;
  updatedAt: number;
}
