// The layers of DESIGN.md, held by a test rather than by comments: every import of src/ and drivers/
// as the TypeScript parser reads it (tests/helpers/imports.ts: imports, re-exports, `import type`,
// dynamic import() and `typeof import()` alike), checked against who may import whom, and the whole
// graph checked for cycles. A type-only import counts: it ties the layers together as much as any.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, type ImportEdge } from '../helpers/imports.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { files, edges } = importGraph(ROOT, ['src', 'drivers']);

/** The layer of a file: src/<layer>, or drivers. */
function layer(file: string): string {
  const [top, second] = file.split('/');
  return top === 'src' ? `src/${second}` : (top as string);
}

/** A package as named in an import: its name, without a subpath ('node:fs' stays 'node:fs'). */
function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

const UI_PACKAGES = ['ink', 'react', 'react/jsx-runtime', 'ink-testing-library'];
const DEVICE_PACKAGES = ['node-hid', 'serialport'];

interface Rule {
  layer: string;
  why: string;
  /** Project layers it must not import (another layer than these: allowed). */
  notLayers?: string[];
  /** Or: the only project layers it may import, its own included. */
  onlyLayers?: string[];
  /** Packages it must not import. */
  notPackages?: string[];
  /** Or: the only packages it may import (Node's built-ins included: none unless listed). */
  onlyPackages?: string[];
}

const RULES: Rule[] = [
  {
    layer: 'src/core',
    why: 'src/core is the pure domain: it imports nothing outside src/core, no I/O, no React, no SQL',
    onlyLayers: ['src/core'],
    // Pure libraries only: a QR matrix and an ESC/POS byte encoder, both without I/O.
    onlyPackages: ['qrcode', '@point-of-sale/receipt-printer-encoder'],
  },
  {
    layer: 'src/ports',
    why: 'src/ports holds the interfaces drivers implement: it imports nothing but src/core',
    onlyLayers: ['src/ports', 'src/core'],
    onlyPackages: [],
  },
  {
    layer: 'src/i18n',
    why: 'src/i18n is the catalogue of messages: it imports nothing but src/core',
    onlyLayers: ['src/i18n', 'src/core'],
    onlyPackages: [],
  },
  {
    layer: 'src/store',
    why: 'src/store is the SQL: it imports no use case, screen, command or device',
    notLayers: ['src/app', 'src/ui', 'src/cli', 'drivers'],
    notPackages: [...UI_PACKAGES, ...DEVICE_PACKAGES, 'commander', 'chalk'],
  },
  {
    layer: 'src/app',
    why: 'src/app is the use cases: no screen, no command, no device (the front doors plug those in)',
    notLayers: ['src/ui', 'src/cli', 'drivers'],
    notPackages: [...UI_PACKAGES, ...DEVICE_PACKAGES, 'commander', 'chalk'],
  },
  {
    layer: 'src/ui',
    why: 'src/ui never touches SQL or a device: it calls src/app',
    notLayers: ['src/store', 'drivers'],
    notPackages: ['better-sqlite3', ...DEVICE_PACKAGES],
  },
  {
    layer: 'drivers',
    why: 'drivers implement src/ports for real devices: no React, no screen, no use case, no SQL',
    onlyLayers: ['drivers', 'src/ports', 'src/core'],
    notPackages: [...UI_PACKAGES, 'better-sqlite3'],
  },
];

/**
 * The one way to a write transaction's proof (src/store/tx.ts) is taken, outside the store, by
 * Luudong.write() (every write of the use cases then catches up with other processes and waits for
 * the file's integrity check: src/store/types.ts, Tx) and by the hub's own desk, whose pairing,
 * workstations and promotion are the hub server's records, not a counter's use case.
 */
const TX_MODULE = 'src/store/tx.ts';
const TX_TAKERS = ['src/app/luudong.ts', 'src/app/hub.ts'];

const where = (e: ImportEdge) => `${e.from}:${e.line} imports ${e.to ?? e.specifier}${e.kind === 'value' ? '' : ` (${e.kind})`}`;

function violations(rule: Rule): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (layer(e.from) !== rule.layer) continue;
    if (e.to !== null) {
      const to = layer(e.to);
      if (rule.onlyLayers && !rule.onlyLayers.includes(to)) out.push(where(e));
      if (rule.notLayers?.includes(to)) out.push(where(e));
    } else {
      const pkg = packageOf(e.specifier);
      if (rule.onlyPackages && !rule.onlyPackages.includes(pkg)) out.push(where(e));
      if (rule.notPackages?.includes(pkg) || rule.notPackages?.includes(e.specifier)) out.push(where(e));
    }
  }
  return out;
}

describe('layers', () => {
  it('the scan sees the project: every layer has files, and imports of each kind are found', () => {
    for (const l of ['src/core', 'src/store', 'src/app', 'src/ui', 'src/cli', 'src/ports', 'src/i18n', 'drivers']) expect(files.some((f) => layer(f) === l), l).toBe(true);
    expect(new Set(edges.map((e) => e.kind))).toEqual(new Set(['value', 'type', 'dynamic']));
  });

  it.each(RULES.map((r) => [r.layer, r] as const))('%s', (_name, rule) => {
    expect(violations(rule), rule.why).toEqual([]);
  });

  it('no import cycles, type-only imports included', () => {
    const cycles = importCycles(files, edges).map((c) => c.join(' -> '));
    expect(cycles, 'an import cycle: move what both sides share into a module of its own').toEqual([]);
  });

  it(`outside src/store, only ${TX_TAKERS.join(' and ')} take the write transaction (${TX_MODULE})`, () => {
    const takers = edges.filter((e) => e.to === TX_MODULE && layer(e.from) !== 'src/store' && !TX_TAKERS.includes(e.from)).map(where);
    expect(takers, 'write through Luudong.write() (a desk context\'s write), which hands out the Tx').toEqual([]);
  });

  it('the composition root is in src/cli: it, not src/ui, opens the store and starts the devices', () => {
    // What src/ui must not import is imported here, so the scan sees such imports when they are made.
    const from = (file: string) => edges.filter((e) => e.from === file).map((e) => e.to);
    expect(from('src/cli/tui.tsx')).toEqual(expect.arrayContaining(['src/store/db.ts', 'src/store/watch.ts', 'drivers/speech/espeak.ts']));
  });
});
