// What a printer can be given to print (src/core/print/printer.ts PRINTER_ROLES), as `luudong printer
// add --role`, the hub and the spooler accept it: queue tickets, the receipt slips, and the A4 forms.
import { describe, expect, it } from 'vitest';
import { PRINTER_ROLES } from '../../src/core/print/printer.js';

describe('printer roles', () => {
  it('are tickets, slips and a4, and nothing else', () => {
    expect([...PRINTER_ROLES].sort()).toEqual(['a4', 'slips', 'tickets']);
  });
});
