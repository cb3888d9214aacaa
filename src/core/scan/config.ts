// Barcode scanners as the operator configures them: which link, where, and the options of each
// kind. Plain shapes in a module of their own: the store keeps them, the drivers open them, the CLI
// and the screens show them.

export type ScannerKind = 'serial' | 'hid' | 'wedge';
export const SCANNER_KINDS: readonly ScannerKind[] = ['serial', 'hid', 'wedge'];

export interface ScannerOptions {
  /** serial: line speed (CDC-ACM scanners ignore it; real RS-232 ones do not). */
  baudRate?: number;
  /** serial: quiet time that ends a scan sent with no line ending (ms). */
  idleMs?: number;
  /** wedge: what the scanner sends before and after a scan; the longest pause inside one (ms). */
  prefix?: string;
  suffix?: 'enter' | 'tab' | 'none';
  gapMs?: number;
  /** hid: send the "scanner enable" report some models wait for. */
  enable?: boolean;
}

export interface ScannerConfig {
  name: string;
  kind: ScannerKind;
  /** serial: the device path (best /dev/serial/by-id/…); hid: vid:pid[:serial] in hex; wedge: ''. */
  target: string;
  options: ScannerOptions;
  addedAt: number;
  /** The paired workstation it is plugged into (its id); absent or null: the hub laptop (or a single laptop). */
  host?: string | null;
}
