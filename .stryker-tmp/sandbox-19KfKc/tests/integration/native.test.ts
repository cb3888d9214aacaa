// @ts-nocheck
// The packages the card fixes must load on this machine (prebuilt or built from source).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('native modules load', () => {
  it('better-sqlite3 opens a database', () => {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('SELECT sqlite_version() AS v').get().v).toMatch(/^3\./);
    db.close();
  });
  it('node-hid lists devices (libusb present)', () => {
    expect(Array.isArray(require('node-hid').devices())).toBe(true);
  });
  it('serialport bindings load', () => {
    expect(typeof require('@serialport/bindings-cpp').autoDetect().open).toBe('function');
  });
});
