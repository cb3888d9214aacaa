// @ts-nocheck
// How the app talks to a printer, whatever the link: drivers/printer/* implement it (serial port,
// USB line-printer device, TCP port 9100, a CUPS queue, a file). The spooler (src/app/print) only
// sees this interface, so tests can run every transport against emulators.

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

export class PrinterError extends Error {
  constructor(
    readonly failure: PrintFailure,
    readonly detail = '',
  ) {
    super(`printer ${failure}${detail ? `: ${detail}` : ''}`);
    this.name = 'PrinterError';
  }
}

export interface PrintPayload {
  bytes: Uint8Array;
  /** ESC/POS bytes for a thermal printer, or a PDF for a CUPS queue. */
  mime: 'application/vnd.escpos' | 'application/pdf';
  /** Shown in the CUPS queue and in logs, e.g. "slip 000.00.20.H26-261123-0001". */
  title: string;
}

export interface PrinterTransport {
  readonly config: PrinterConfig;
  /** Whether status() can read the printer's state (serial and network: yes; usb, file: no). */
  readonly twoWay: boolean;
  /**
   * Deliver a job. Resolves once the printer (or CUPS) has it all; on a two-way link only after a
   * status read taken after the write shows the printer online with paper. Rejects with a
   * PrinterError naming the reason; never resolves for bytes that went nowhere.
   */
  print(payload: PrintPayload): Promise<void>;
  /** The printer's state now; null on a one-way link. Rejects with PrinterError when unreachable. */
  status(): Promise<PrinterStatus | null>;
  /** Release the device or connection. Safe to call twice. */
  close(): Promise<void>;
}
