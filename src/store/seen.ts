// A workstation's record of every number the hub has been seen to give (ticket numbers per trip
// and group, dossier numbers per day): its own small SQLite file in its data folder, written by
// each of its processes as the hub's pushes come. After a promotion the new hub starts every
// numbering above what any workstation saw, so no ticket or dossier code is given twice.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Marks } from './hub.js';

export interface LastSeen {
  hub: string;
  eventId: number;
  eventAt: number;
  seenAt: number;
}

export class SeenNumbers {
  private readonly db: Database.Database;
  private readonly up: Database.Statement;
  private readonly sLast: Database.Statement;

  constructor(readonly file: string) {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a power cut may lose the last pushes seen; a promotion's margin covers that many.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS seen (
      kind TEXT NOT NULL CHECK (kind IN ('ticket', 'dossier')),
      scope TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (kind, scope)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS last (
      one INTEGER PRIMARY KEY CHECK (one = 1),
      hub TEXT NOT NULL,                -- the hub's station id
      event_id INTEGER NOT NULL,        -- the last queue event folded
      event_at INTEGER NOT NULL,        -- its time (the hub's clock)
      seen_at INTEGER NOT NULL          -- when this workstation last heard from the hub (its clock)
    )`);
    this.sLast = this.db.prepare('INSERT INTO last (one, hub, event_id, event_at, seen_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (one) DO UPDATE SET hub = excluded.hub, event_id = max(event_id, excluded.event_id), event_at = max(event_at, excluded.event_at), seen_at = excluded.seen_at');
    this.up = this.db.prepare('INSERT INTO seen (kind, scope, n) VALUES (?, ?, ?) ON CONFLICT (kind, scope) DO UPDATE SET n = max(n, excluded.n)');
  }

  /** Numbers seen, and (optionally) where the hub's queue stood when last heard from. */
  record(m: Marks, last?: LastSeen): void {
    const tx = this.db.transaction(() => {
      if (last) this.sLast.run(last.hub, last.eventId, last.eventAt, last.seenAt);
      for (const [scope, n] of Object.entries(m.tickets)) this.up.run('ticket', scope, n);
      for (const [scope, n] of Object.entries(m.dossiers)) this.up.run('dossier', scope, n);
    });
    tx.immediate();
  }

  last(): LastSeen | undefined {
    const r = this.db.prepare('SELECT hub, event_id, event_at, seen_at FROM last').get() as { hub: string; event_id: number; event_at: number; seen_at: number } | undefined;
    return r ? { hub: r.hub, eventId: r.event_id, eventAt: r.event_at, seenAt: r.seen_at } : undefined;
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
