// How the app talks to a printer, whatever the link: drivers/printer/* implement it (serial port,
// USB line-printer device, TCP port 9100, a CUPS queue, a file). The spooler (src/app/print) only
// sees this interface, so tests can run every transport against emulators.
import type { PrinterConfig, PrinterStatus, PrintFailure } from '../core/print/printer.js';

// The shapes the port speaks (defined in core, where the status decoder and the spool use them too).
export type { PrinterConfig, PrinterStatus, PrintFailure };


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
