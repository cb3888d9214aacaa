// @ts-nocheck
// The transport for a configured printer, chosen by how it is attached. The spooler calls this and
// sees only the PrinterTransport port.
import type { PrinterConfig, PrinterTransport } from '../../src/ports/printer.js';
import { CupsTransport } from './cups.js';
import { FileTransport } from './file.js';
import { NetworkTransport } from './network.js';
import { SerialTransport } from './serial.js';
import { UsbLpTransport } from './usb.js';

export function openTransport(config: PrinterConfig): PrinterTransport {
  switch (config.kind) {
    case 'serial':
      return new SerialTransport(config);
    case 'network':
      return new NetworkTransport(config);
    case 'usb':
      return new UsbLpTransport(config);
    case 'file':
      return new FileTransport(config);
    case 'cups':
      return new CupsTransport(config);
  }
}
