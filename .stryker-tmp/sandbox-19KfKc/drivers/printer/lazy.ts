// @ts-nocheck
// A transport whose driver module (and serialport's native binding with it) is loaded on first use,
// so the counter screen starts without paying for printers it may not print to for minutes.
import type { PrinterConfig, PrinterTransport, PrintPayload } from '../../src/ports/printer.js';

export function lazyTransport(config: PrinterConfig): PrinterTransport {
  let inner: Promise<PrinterTransport> | undefined;
  const get = () => (inner ??= import('./index.js').then((m) => m.openTransport(config)));
  return {
    config,
    twoWay: config.kind === 'serial' || config.kind === 'network',
    print: async (p: PrintPayload) => (await get()).print(p),
    status: async () => (await get()).status(),
    close: async () => {
      if (inner) await (await inner).close();
    },
  };
}
