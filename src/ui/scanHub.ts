// Between the counter screen and the scanners on their own ports (USB serial, HID POS), which the
// runner starts after the first frame: their scans, and their plugging and unplugging.
import type { ScannerState } from '../ports/scanner.js';

export type ScanHubEvent =
  | { kind: 'scan'; text: string; source: string }
  | { kind: 'state'; source: string; state: ScannerState; detail?: string }
  /** Paper being scanned into a dossier: a page done, then the end (a message to show). */
  | { kind: 'docPage'; page: number; bytes: number }
  | { kind: 'docDone'; ok: boolean; message: string }
  /** A line from the citizen's devices (the rating keypad, the text-message modem) for the status line. */
  | { kind: 'notice'; level: 'info' | 'ok' | 'error'; text: string };

export interface DocScanRequest {
  code: string;
  /** 0-based checklist item. */
  item: number;
  feeder: boolean;
}

export class ScanHub {
  private readonly listeners = new Set<(e: ScanHubEvent) => void>();
  /** Starts a document scan (set by the runner); false when one is already running. */
  docScan: ((r: DocScanRequest) => boolean) | undefined;

  emit(e: ScanHubEvent): void {
    for (const l of this.listeners) l(e);
  }

  subscribe(listener: (e: ScanHubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
