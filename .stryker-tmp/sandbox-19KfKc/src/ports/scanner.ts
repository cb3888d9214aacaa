// @ts-nocheck
// Barcode scanners as the app sees them, whatever the link: drivers/scanner/* implement it (USB
// serial today; HID POS and the keyboard wedge come with the rest of the scanner work).

export interface ScanEvent {
  /** The decoded text of one complete scan, line ending removed. */
  text: string;
  /** Which configured scanner sent it. */
  source: string;
  at: number;
}

export type ScannerState = 'connected' | 'disconnected';

export interface BarcodeSource {
  readonly name: string;
  /** Start listening; keeps trying to (re)connect until stop(), reporting each change of state. */
  start(onScan: (e: ScanEvent) => void, onState?: (s: ScannerState, detail?: string) => void): void;
  stop(): Promise<void>;
}
