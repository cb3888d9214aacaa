// A workstation's record of every number the hub has been seen to give (ticket numbers per trip
// and group, dossier numbers per day): its own small SQLite file in its data folder, written by
// each of its processes as the hub's pushes come. After a promotion the new hub starts every
// numbering above what any workstation saw, so no ticket or dossier code is given twice.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Marks } from './hub.js';

export class SeenNumbers {
  private readonly db: Database.Database;
  private readonly up: Database.Statement;

  constructor(readonly file: string) {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS seen (
      kind TEXT NOT NULL CHECK (kind IN ('ticket', 'dossier')),
      scope TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (kind, scope)
    ) WITHOUT ROWID`);
    this.up = this.db.prepare('INSERT INTO seen (kind, scope, n) VALUES (?, ?, ?) ON CONFLICT (kind, scope) DO UPDATE SET n = max(n, excluded.n)');
  }

  record(m: Marks): void {
    const tx = this.db.transaction(() => {
      for (const [scope, n] of Object.entries(m.tickets)) this.up.run('ticket', scope, n);
      for (const [scope, n] of Object.entries(m.dossiers)) this.up.run('dossier', scope, n);
    });
    tx.immediate();
  }

  all(): Marks {
    const out: Marks = { tickets: {}, dossiers: {} };
    for (const r of this.db.prepare('SELECT kind, scope, n FROM seen').all() as { kind: 'ticket' | 'dossier'; scope: string; n: number }[]) {
      (r.kind === 'ticket' ? out.tickets : out.dossiers)[r.scope] = r.n;
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}

/** The highest of each numbering over several records. */
export function mergeMarks(...all: Marks[]): Marks {
  const out: Marks = { tickets: {}, dossiers: {} };
  for (const m of all) {
    for (const [k, n] of Object.entries(m.tickets)) out.tickets[k] = Math.max(out.tickets[k] ?? 0, n);
    for (const [k, n] of Object.entries(m.dossiers)) out.dossiers[k] = Math.max(out.dossiers[k] ?? 0, n);
  }
  return out;
}
