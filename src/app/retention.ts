// Removing the personal data of dossiers kept past the retention period (data/retention.json, or a
// number of days given for one run), keeping every anonymous figure computable.
//
// For each dossier past the period (src/core/retention.ts: handed over, finished, finished before the
// cut-off) one transaction:
//   - takes its row out of the name search (dossier_names), then empties the name on the dossier,
//     its postal address and its note, and points it at the anonymous citizen of its gender instead
//     of the citizen's ID number;
//   - erases the notes of its events (free text that may name people). dossier_events stays
//     append-only: its trigger (as the retention migration in src/store/migrations.ts redefines it)
//     allows one change only, a note set to NULL on a dossier that carries a purge; codes, states,
//     times and operators never change, and nothing is deleted;
//   - records the purge itself (purges: when, by whom, under which period, how many), linked from
//     each dossier it covered, so the audit trail says what was removed and why rather than hiding it;
//   - removes the citizen (row and history of changes) once no dossier still needs them and they
//     had no help at the counter since the cut-off; older help keeps its kind and time, not the person.
// What the figures use stays: procedure, fees and payment, return method, dates, due date and result
// date (timeliness), state, ticket, trip; help and ratings are untouched.
//
// The files kept with those dossiers (scans of ID cards, slips with names) are deleted after the
// commit, unless a dossier still in use shares the file. Their rows stay, as a record of what there
// was (kind, size, hash, no content), and every purge also deletes any file of an already purged
// dossier still on disk: a purge cut short between commit and deletion is finished by the next one.
import { existsSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '../core/check.js';
import { DomainError } from '../core/errors.js';
import { ANONYMOUS_CITIZEN, FINAL_STATES, checkRetention, isPastRetention, isStoredPath, retentionCutoff, type RetentionPolicy } from '../core/retention.js';
import type { DossierState } from '../core/lifecycle.js';
import { fold } from '../core/text.js';
import type { Db, Tx } from '../store/types.js';
import { appendAudit } from '../store/audit.js';
import { findDataDir, readJson } from './data.js';

export function loadRetention(dir = findDataDir()): RetentionPolicy {
  try {
    return checkRetention(readJson(dir, 'retention.json'));
  } catch (e) {
    if (e instanceof DataError) throw new DomainError('err.data', { file: join(dir, e.file), path: e.path, problem: e.problem });
    throw e;
  }
}

export interface PurgeContext {
  db: Db;
  /** The database file: stored files' paths are relative to its folder. */
  file: string;
  /** One IMMEDIATE transaction that waits for the file's integrity check (Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  now(): number;
  operator: string | null;
}

export interface PurgeReport {
  applied: boolean;
  days: number;
  /** Dossiers finished before this time were covered. */
  cutoff: number;
  dossiers: number;
  citizens: number;
  files: number;
  /** The purge's record (applied only). */
  purgeId: number | null;
  /** Files that could not be deleted (the next purge tries again). */
  filesLeft: string[];
}

interface Candidate {
  id: number;
  code: string;
  citizenId: string;
  citizenName: string;
  gender: 'male' | 'female';
}

interface Plan {
  dossiers: Candidate[];
  citizens: string[];
  files: string[];
}

/**
 * Remove the personal data of dossiers finished more than `days` days ago; with `apply` false, only
 * count what would go (dossiers, citizens, files) and change nothing.
 */
export function purgePersonalData(ctx: PurgeContext, days: number, apply: boolean): PurgeReport {
  const cutoff = retentionCutoff(ctx.now(), days);
  const dir = dirname(resolve(ctx.file));
  const report = (p: Plan, purgeId: number | null, filesLeft: string[] = []): PurgeReport => ({ applied: apply, days, cutoff, dossiers: p.dossiers.length, citizens: p.citizens.length, files: p.files.length, purgeId, filesLeft });
  if (!apply) return report(plan(ctx.db, dir, cutoff), null);
  const done = ctx.write((tx) => {
    const p = plan(ctx.db, dir, cutoff);
    // Nothing to remove: nothing to record either.
    return { p, purgeId: p.dossiers.length + p.files.length === 0 ? null : execute(ctx, tx, p, days, cutoff) };
  });
  return report(done.p, done.purgeId, deleteFiles(dir, done.p.files));
}

/** What a purge at `cutoff` covers. Reads only: the dry run and the purge itself share it. */
function plan(db: Db, dir: string, cutoff: number): Plan {
  const rows = db
    .prepare(
      `SELECT d.id, d.code, d.citizen_id, d.citizen_name, d.state, d.state_at, c.gender,
         EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.to_state = 'handed_over')
           OR EXISTS (SELECT 1 FROM handovers h WHERE h.trip_id = d.trip_id AND h.at >= d.received_at) AS handed_over
       FROM dossiers d JOIN citizens c ON c.id = d.citizen_id
       WHERE d.purge_id IS NULL AND d.state IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(FINAL_STATES)) as { id: number; code: string; citizen_id: string; citizen_name: string; state: DossierState; state_at: number; gender: 'male' | 'female'; handed_over: number }[];
  const dossiers = rows
    .filter((r) => isPastRetention({ state: r.state, stateAt: r.state_at, handedOver: r.handed_over === 1 }, cutoff))
    .map((r) => ({ id: r.id, code: r.code, citizenId: r.citizen_id, citizenName: r.citizen_name, gender: r.gender }));
  const ids = JSON.stringify(dossiers.map((d) => d.id));
  const people = JSON.stringify([...new Set(dossiers.map((d) => d.citizenId))]);
  // A citizen stays while a dossier not covered here is theirs, or they had help since the cut-off.
  const kept = new Set(
    (
      db
        .prepare(
          `SELECT citizen_id FROM dossiers
             WHERE purge_id IS NULL AND citizen_id IN (SELECT value FROM json_each(?)) AND id NOT IN (SELECT value FROM json_each(?))
           UNION SELECT citizen_id FROM help_events WHERE at >= ? AND citizen_id IN (SELECT value FROM json_each(?))`,
        )
        .all(people, ids, cutoff, people) as { citizen_id: string }[]
    ).map((r) => r.citizen_id),
  );
  // Files of these dossiers and of dossiers purged before, unless a dossier still in use has them too.
  const paths = (
    db
      .prepare(
        `SELECT DISTINCT f.path FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id
         WHERE (d.purge_id IS NOT NULL OR d.id IN (SELECT value FROM json_each(@ids)))
           AND f.path NOT IN (SELECT g.path FROM dossier_files g JOIN dossiers e ON e.id = g.dossier_id
                              WHERE e.purge_id IS NULL AND e.id NOT IN (SELECT value FROM json_each(@ids)))
         ORDER BY f.path`,
      )
      .all({ ids }) as { path: string }[]
  ).map((r) => r.path);
  return {
    dossiers,
    citizens: [...new Set(dossiers.map((d) => d.citizenId))].filter((c) => !kept.has(c)),
    files: paths.filter((p) => isStoredPath(p) && existsSync(join(dir, p))),
  };
}

/** The purge's writes, inside the caller's transaction. Returns the purge's id. */
function execute(ctx: PurgeContext, tx: Tx, p: Plan, days: number, cutoff: number): number {
  const { db } = ctx;
  const at = ctx.now();
  const purgeId = Number(
    db
      .prepare('INSERT INTO purges (at, operator, older_than_days, cutoff, dossiers, citizens, files) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(at, ctx.operator, days, cutoff, p.dossiers.length, p.citizens.length, p.files.length).lastInsertRowid,
  );
  const anon = db.prepare(
    `INSERT OR IGNORE INTO citizens (id, old_id, full_name, name_folded, dob, gender, address, issue_date, extra, raw, created_at, updated_at)
     VALUES (?, NULL, '', '', '', ?, '', NULL, '[]', NULL, ?, ?)`,
  );
  for (const gender of ['male', 'female'] as const) if (p.dossiers.some((d) => d.gender === gender)) anon.run(ANONYMOUS_CITIZEN[gender], gender, at, at);
  // dossier_names is a contentless FTS5 table: a row goes with a 'delete' command that repeats the
  // text it was indexed with, the folded name (src/store/dossiers.ts indexes fold(citizen_name)).
  const unindex = db.prepare("INSERT INTO dossier_names (dossier_names, rowid, name) VALUES ('delete', ?, ?)");
  const blank = db.prepare("UPDATE dossiers SET citizen_id = ?, citizen_name = '', postal_address = NULL, note = NULL, phone = NULL, email = NULL, subject = NULL, purge_id = ? WHERE id = ?");
  const notes = db.prepare('UPDATE dossier_events SET note = NULL WHERE dossier_id = ? AND note IS NOT NULL');
  for (const d of p.dossiers) {
    unindex.run(d.id, fold(d.citizenName));
    blank.run(ANONYMOUS_CITIZEN[d.gender], purgeId, d.id);
    notes.run(d.id);
  }
  const people = JSON.stringify(p.citizens);
  db.prepare('UPDATE help_events SET citizen_id = NULL WHERE citizen_id IN (SELECT value FROM json_each(?))').run(people);
  // Refusals at the desk: those past the period lose the citizen's data; a newer one keeps its
  // name but no longer points at a citizen who goes.
  db.prepare("UPDATE refusals SET citizen_id = NULL, citizen_name = '', address = NULL, phone = NULL, email = NULL WHERE at < ?").run(cutoff);
  db.prepare('UPDATE refusals SET citizen_id = NULL WHERE citizen_id IN (SELECT value FROM json_each(?))').run(people);
  db.prepare('DELETE FROM citizen_history WHERE citizen_id IN (SELECT value FROM json_each(?))').run(people);
  db.prepare('DELETE FROM citizens WHERE id IN (SELECT value FROM json_each(?))').run(people);
  // The print spool keeps each job's document, and a slip's holds the name, ID number and address:
  // the finished jobs of these dossiers go (one still waiting or interrupted stays for the operator).
  // The audit log names the jobs that go, so their entries are not taken for jobs removed behind it.
  const codes = JSON.stringify(p.dossiers.map((d) => d.code));
  const jobs = db.prepare("SELECT id FROM print_jobs WHERE ref IN (SELECT value FROM json_each(?)) AND state IN ('done', 'cancelled', 'failed') ORDER BY id").pluck().all(codes) as number[];
  if (jobs.length > 0) appendAudit(tx, db, at, ctx.operator, 'purge.print', [purgeId, ...jobs]);
  db.prepare("DELETE FROM print_jobs WHERE ref IN (SELECT value FROM json_each(?)) AND state IN ('done', 'cancelled', 'failed')").run(codes);
  // Unusable scans are kept for a look at what the scanner sent, not for ever: an ID card's text in
  // one is personal data too.
  db.prepare('DELETE FROM scan_log WHERE at < ?').run(cutoff);
  return purgeId;
}

/** Delete the files after the commit, and their folders once empty. Returns those that stayed. */
function deleteFiles(dir: string, files: readonly string[]): string[] {
  const left: string[] = [];
  for (const f of files) {
    try {
      unlinkSync(join(dir, f));
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') left.push(f);
      continue;
    }
    // files/CODE/ and attachments/ab/ are left empty: remove them, never the top folder itself.
    for (let d = dirname(f); dirname(d) !== '.'; d = dirname(d)) {
      const abs = join(dir, d);
      if (readdirSync(abs).length > 0) break;
      rmdirSync(abs);
    }
  }
  return left;
}
