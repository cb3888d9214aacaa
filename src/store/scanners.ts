// Configured barcode scanners, and the scans that could not be used. Those are kept in the
// database (which the app guards) rather than a log file, since an ID card's text is personal data.
import type { ScannerConfig, ScannerKind, ScannerOptions } from '../core/scan/config.js';
import type { Db, Tx } from './types.js';

export interface RejectedScan {
  id: number;
  at: number;
  source: string;
  kind: string;
  raw: string;
}

interface ScannerRow {
  name: string;
  kind: ScannerKind;
  target: string;
  options: string;
  added_at: number;
  host: string | null;
}

const toConfig = (r: ScannerRow): ScannerConfig => ({ name: r.name, kind: r.kind, target: r.target, options: JSON.parse(r.options) as ScannerOptions, addedAt: r.added_at, host: r.host });

/** Longest raw text kept for one rejected scan. */
export const MAX_LOGGED_SCAN = 4096;

export class ScannerRepo {
  constructor(private readonly db: Db) {}

  list(): ScannerConfig[] {
    return (this.db.prepare('SELECT * FROM scanners ORDER BY name').all() as ScannerRow[]).map(toConfig);
  }

  get(name: string): ScannerConfig | undefined {
    const r = this.db.prepare('SELECT * FROM scanners WHERE name = ?').get(name) as ScannerRow | undefined;
    return r && toConfig(r);
  }

  /** Add or replace (the same name configured again replaces its settings); `host`: the workstation it is plugged into. */
  save(_tx: Tx, c: Omit<ScannerConfig, 'addedAt'>, at: number): void {
    this.db
      .prepare('INSERT INTO scanners (name, kind, target, options, added_at, host) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, target = excluded.target, options = excluded.options, host = excluded.host')
      .run(c.name, c.kind, c.target, JSON.stringify(c.options), at, c.host ?? null);
  }

  remove(_tx: Tx, name: string): boolean {
    return this.db.prepare('DELETE FROM scanners WHERE name = ?').run(name).changes > 0;
  }

  logRejected(_tx: Tx, at: number, source: string, kind: string, raw: string): void {
    this.db.prepare('INSERT INTO scan_log (at, source, kind, raw) VALUES (?, ?, ?, ?)').run(at, source, kind, raw.slice(0, MAX_LOGGED_SCAN));
  }

  rejected(limit: number): RejectedScan[] {
    return this.db.prepare('SELECT id, at, source, kind, raw FROM scan_log ORDER BY id DESC LIMIT ?').all(limit) as RejectedScan[];
  }
}
