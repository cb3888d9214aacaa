// `luudong audit verify`: the whole log checked and the records reconciled with it
// (src/store/audit.ts), the tail checked against the head kept beside the database, and, with
// --anchor, the chain checked against a head written outside the file: a handover bundle's signed
// manifest, a backup (its metadata, or the backup file itself), or the entry number and MAC printed
// at the foot of a report (N:MAC).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../core/errors.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from '../core/handover.js';
import { backupMetaFile } from '../core/retention.js';
import { auditHead, checkAnchor, readHeadFile, saveHead, verifyAudit, type AuditHead, type AuditReport } from '../store/audit.js';
import { checkSignature } from './handoverKey.js';
import type { Luudong } from './luudong.js';

export interface Anchor extends AuditHead {
  /** Where it was read: the bundle's folder, the backup's file, the text given, the head file. */
  from: string;
  kind: 'bundle' | 'backup' | 'hash' | 'kept';
}

export interface AnchorCheck extends Anchor {
  /** ok: the chain holds that entry with that MAC; missing: the chain is shorter (its tail removed); differs: rebuilt or changed. */
  result: 'ok' | 'missing' | 'differs';
}

export interface LogReport extends AuditReport {
  anchors: AnchorCheck[];
  ok: boolean;
}

const HEAD = /^(\d+):([0-9a-fA-F]{32})$/;

/** A head as written on paper: "N:MAC" (the entry number, the MAC in hex). */
export function formatHead(h: AuditHead): string {
  return `${h.entries}:${h.mac}`;
}

/**
 * An anchor from what the operator gives: a handover bundle's folder (its manifest, signed by this
 * vehicle's key), a backup (its .db or its metadata .json), or N:MAC.
 */
export function readAnchor(app: Luudong, spec: string): Anchor {
  const m = HEAD.exec(spec.trim());
  if (m) return { entries: Number(m[1]), mac: (m[2] as string).toLowerCase(), from: spec.trim(), kind: 'hash' };
  let st;
  try {
    st = statSync(spec);
  } catch {
    throw new DomainError('err.audit.anchor', { anchor: spec });
  }
  if (st.isDirectory()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(spec, MANIFEST_FILE));
    } catch {
      throw new DomainError('err.audit.anchor', { anchor: spec });
    }
    // The bundle's manifest counts only if this vehicle signed it.
    let signed = false;
    try {
      signed = checkSignature(app.vehicleKey().publicKey, bytes, readFileSync(join(spec, SIGNATURE_FILE), 'utf8'));
    } catch {
      signed = false;
    }
    if (!signed) throw new DomainError('err.audit.anchorUnsigned', { anchor: spec });
    const audit = (JSON.parse(bytes.toString('utf8')) as { audit?: { entry?: unknown; head?: unknown } }).audit;
    return headOf(audit?.entry, audit?.head, spec, 'bundle');
  }
  // A backup: its metadata beside it, else the backup file's own last entry.
  const meta = spec.endsWith('.json') ? spec : backupMetaFile(spec);
  try {
    const j = JSON.parse(readFileSync(meta, 'utf8')) as { audit?: { entry?: unknown; head?: unknown } };
    if (j.audit) return headOf(j.audit.entry, j.audit.head, spec, 'backup');
  } catch {
    // no metadata: read the backup itself
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(spec, { readonly: true, fileMustExist: true });
    const h = auditHead(db);
    if (h) return { ...h, from: spec, kind: 'backup' };
  } catch {
    // not a database
  } finally {
    db?.close();
  }
  throw new DomainError('err.audit.anchor', { anchor: spec });
}

function headOf(entry: unknown, head: unknown, from: string, kind: Anchor['kind']): Anchor {
  if (!Number.isSafeInteger(entry) || typeof head !== 'string' || !/^[0-9a-f]{32}$/i.test(head)) throw new DomainError('err.audit.anchor', { anchor: from });
  return { entries: entry as number, mac: head.toLowerCase(), from, kind };
}

/** Check the log, its records, the head kept beside the database and the anchors given. */
export function verifyLog(app: Luudong, file: string, anchors: readonly Anchor[], onProgress?: (done: number, total: number) => void): LogReport {
  const r = verifyAudit(app.db, app.vehicleKey(), { ...(onProgress ? { onProgress } : {}) });
  const kept = readHeadFile(file);
  const all: Anchor[] = [...(kept ? [{ entries: kept.entries, mac: kept.mac, from: file, kind: 'kept' as const }] : []), ...anchors];
  const checks = all.map((a) => ({ ...a, result: checkAnchor(app.db, a) }));
  const ok = r.problemCount === 0 && checks.every((c) => c.result === 'ok');
  // An intact log moves the kept head forward: the next check starts from here.
  if (ok) saveHead(app.db, file, app.now());
  return { ...r, anchors: checks, ok };
}
