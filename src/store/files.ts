// Files kept with a dossier (its A4 slip as a PDF, scans of its documents): one row per file written,
// the path relative to the database's directory so the data directory can be moved as a whole.
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from './types.js';

export type DossierFileKind = 'slip_pdf' | 'supplement_pdf' | 'scan';

export interface DossierFile {
  id: number;
  dossierId: number;
  kind: DossierFileKind;
  /** Relative to the database's directory. */
  path: string;
  mime: string;
  bytes: number;
  /** Hex SHA-256 of the content, to tell a file changed or damaged on disk. */
  sha256: string;
  /** A scan: the checklist item (0-based document index) it shows. */
  item: number | null;
  createdAt: number;
}

interface FileRow {
  id: number;
  dossier_id: number;
  kind: DossierFileKind;
  path: string;
  mime: string;
  bytes: number;
  sha256: string;
  item: number | null;
  created_at: number;
}

const toFile = (r: FileRow): DossierFile => ({
  id: r.id,
  dossierId: r.dossier_id,
  kind: r.kind,
  path: r.path,
  mime: r.mime,
  bytes: r.bytes,
  sha256: r.sha256,
  item: r.item,
  createdAt: r.created_at,
});

export class FileRepo {
  private readonly sAdd: Statement;
  private readonly sList: Statement;
  private readonly sCurrent: Statement;

  constructor(db: Db) {
    this.sAdd = db.prepare('INSERT INTO dossier_files (dossier_id, kind, path, mime, bytes, sha256, created_at, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.sList = db.prepare('SELECT * FROM dossier_files WHERE dossier_id = ? ORDER BY id');
    this.sCurrent = db.prepare(
      `SELECT * FROM dossier_files f WHERE dossier_id = ?
         AND id = (SELECT max(id) FROM dossier_files g WHERE g.dossier_id = f.dossier_id AND g.path = f.path)
       ORDER BY id`,
    );
  }

  add(_tx: Tx, dossierId: number, kind: DossierFileKind, path: string, mime: string, bytes: number, sha256: string, at: number, item: number | null = null): number {
    return Number(this.sAdd.run(dossierId, kind, path, mime, bytes, sha256, at, item).lastInsertRowid);
  }

  /** The dossier's files, oldest first; a file written again has a newer row. */
  list(dossierId: number): DossierFile[] {
    return (this.sList.all(dossierId) as FileRow[]).map(toFile);
  }

  /** The dossier's files as they are on disk now: the newest row for each path. */
  current(dossierId: number): DossierFile[] {
    return (this.sCurrent.all(dossierId) as FileRow[]).map(toFile);
  }
}
