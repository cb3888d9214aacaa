// The barcode source for a configured scanner, chosen by how it is attached. The keyboard wedge has
// none: it types through the terminal, where the TUI's input router tells its bursts from typing.
import type { BarcodeSource } from '../../src/ports/scanner.js';
import type { ScannerConfig } from '../../src/core/scan/config.js';
import { HidScanner, HONEYWELL_REDIRECT } from './hid.js';
import { SerialScanner } from './serial.js';

export function openBarcodeSource(c: ScannerConfig): BarcodeSource | null {
  switch (c.kind) {
    case 'serial':
      return new SerialScanner(c.name, { path: c.target, ...(c.options.baudRate ? { baudRate: c.options.baudRate } : {}), framing: { idleMs: c.options.idleMs ?? 50, maxBytes: 4096 } });
    case 'hid':
      // `--enable`: the one report a model documents wanting (Honeywell's redirect to HID POS).
      return new HidScanner(c.name, { target: c.target, ...(c.options.enable ? { init: [HONEYWELL_REDIRECT] } : {}) });
    case 'wedge':
      return null;
  }
}
