// @ts-nocheck
// What must hold after any number of kills (see crash-harness.ts), read from the database file and
// the printer's output alone. Returns every broken promise as a sentence, and the figures.
//
// The promises, as the app makes them (README "Keeping the data safe" and "Printers";
// src/store/dossiers.ts; src/app/print/spooler.ts):
// - the file is sound: integrity_check 'ok', no dangling reference;
// - every receipt acknowledged to the operator is in the database;
// - a dossier code is never given twice, and codes are taken only by committed dossiers, in the
//   transaction that stores them: so the codes of a day are exactly 0001..N, in the order received,
//   with the day's counter at N (a gap would be a code handed out and lost);
// - every dossier has its slip jobs (the thermal slip on the slips printer and the A4 PDF), queued
//   with it; nothing ends failed, cancelled or stuck 'printing';
// - a thermal slip marked done came out exactly once, complete; one marked interrupted (its
//   worker died while printing it) came out at most once and is left to the operator, never
//   printed again on its own; nothing else came out;
// - an A4 slip stored as done has its PDF on disk, with the size and SHA-256 on record.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dossierCode } from '../../../src/core/dossier.js';
import { printouts } from './paper.js';

export interface CrashCheck {
  problems: string[];
  /** Dossiers committed, and of those never acknowledged (killed between commit and the ACK line). */
  dossiers: number;
  unacked: number;
  slips: { done: number; interrupted: number; interruptedCameOut: number };
  a4: { done: number; interrupted: number; queued: number };
}

interface JobRow {
  id: number;
  printer: string;
  kind: string;
  ref: string | null;
  state: string;
}

export function verifyCrash(dbFile: string, printerFile: string, acked: readonly string[]): CrashCheck {
  const problems: string[] = [];
  const say = (what: string, list: readonly unknown[]) => {
    if (list.length) problems.push(`${what} (${list.length}): ${list.slice(0, 5).join(', ')}${list.length > 5 ? ' …' : ''}`);
  };
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 3).join('; ')}`);
    say('dangling references (foreign_key_check)', db.pragma('foreign_key_check') as unknown[]);

    // ---- dossiers and their codes ----
    const dossiers = db.prepare('SELECT id, code, agency, received_on AS day, seq FROM dossiers ORDER BY id').all() as { id: number; code: string; agency: string; day: string; seq: number }[];
    const byCode = new Map(dossiers.map((d) => [d.code, d]));
    say('codes acknowledged twice', acked.filter((c, i) => acked.indexOf(c) !== i));
    say('acknowledged but not in the database', acked.filter((c) => !byCode.has(c)));
    say('codes stored twice', [...new Set(dossiers.map((d) => d.code).filter((c, i, a) => a.indexOf(c) !== i))]);
    const days = new Map<string, typeof dossiers>();
    for (const d of dossiers) days.set(`${d.agency} ${d.day}`, [...(days.get(`${d.agency} ${d.day}`) ?? []), d]);
    const counters = db.prepare('SELECT agency, date, last FROM dossier_sequences').all() as { agency: string; date: string; last: number }[];
    for (const c of counters) if (!days.has(`${c.agency} ${c.date}`)) problems.push(`day counter ${c.agency} ${c.date} at ${c.last} with no dossier`);
    for (const [key, list] of days) {
      const [agency, day] = key.split(' ') as [string, string];
      // In the order received (id), the n-th dossier of the day has number n and the code made of it.
      say(`${key}: not numbered 1..N in the order received`, list.flatMap((d, i) => (d.seq === i + 1 ? [] : [`${d.code} (no. ${d.seq}) received in position ${i + 1}`])));
      say(`${key}: code not made of its number`, list.filter((d) => d.code !== dossierCode(agency, day, d.seq)).map((d) => d.code));
      const last = counters.find((c) => c.agency === agency && c.date === day)?.last;
      if (last !== list.length) problems.push(`${key}: the day's counter is at ${last}, with ${list.length} dossiers (a code taken and lost)`);
    }

    // ---- the spool ----
    const jobs = db.prepare('SELECT id, printer, kind, ref, state FROM print_jobs ORDER BY id').all() as JobRow[];
    const slipOf = new Map<string, JobRow[]>();
    const a4Of = new Map<string, JobRow[]>();
    for (const j of jobs) {
      const into = j.kind === 'slip' && j.printer === 'quay-1' ? slipOf : j.kind === 'slip_a4' && j.printer === '' ? a4Of : undefined;
      if (!into || j.ref === null || !byCode.has(j.ref)) problems.push(`a job for nothing received: #${j.id} ${j.kind} on '${j.printer}' for ${j.ref}`);
      else into.set(j.ref, [...(into.get(j.ref) ?? []), j]);
    }
    say('dossiers without exactly one thermal slip job', dossiers.filter((d) => slipOf.get(d.code)?.length !== 1).map((d) => `${d.code} (${slipOf.get(d.code)?.length ?? 0})`));
    say('dossiers without exactly one A4 slip job', dossiers.filter((d) => a4Of.get(d.code)?.length !== 1).map((d) => `${d.code} (${a4Of.get(d.code)?.length ?? 0})`));
    say('thermal slip jobs neither done nor interrupted after the drain', [...slipOf.values()].flat().filter((j) => j.state !== 'done' && j.state !== 'interrupted').map((j) => `#${j.id} ${j.state}`));
    say('A4 slip jobs failed, cancelled or stuck printing', [...a4Of.values()].flat().filter((j) => !['done', 'interrupted', 'queued'].includes(j.state)).map((j) => `#${j.id} ${j.state}`));

    // ---- the paper ----
    const copies = new Map<string, { complete: number; partial: number }>();
    const strays: string[] = [];
    for (const p of printouts(printerFile)) {
      const code = p.qr.find((c) => byCode.has(c));
      if (!code) strays.push([...p.qr, ...p.big].join('+') || '(nothing readable)');
      else {
        const c = copies.get(code) ?? { complete: 0, partial: 0 };
        c[p.complete ? 'complete' : 'partial']++;
        copies.set(code, c);
      }
    }
    say('printouts of no dossier', strays);
    const slips = { done: 0, interrupted: 0, interruptedCameOut: 0 };
    const twice: string[] = [];
    const missing: string[] = [];
    for (const [code, [job]] of slipOf) {
      if (!job) continue;
      const c = copies.get(code) ?? { complete: 0, partial: 0 };
      if (job.state === 'done') {
        slips.done++;
        if (c.complete > 1 || c.partial > 0) twice.push(`${code} done, ${c.complete} whole + ${c.partial} partial`);
        if (c.complete === 0) missing.push(`${code} done, not on paper`);
      } else if (job.state === 'interrupted') {
        slips.interrupted++;
        if (c.complete + c.partial > 1) twice.push(`${code} interrupted, ${c.complete} whole + ${c.partial} partial`);
        if (c.complete + c.partial > 0) slips.interruptedCameOut++;
      } else if (c.complete + c.partial > 0) twice.push(`${code} ${job.state}, yet on paper`);
    }
    say('slips printed more than once', twice);
    say('slips marked printed that never came out', missing);

    // ---- the A4 PDFs kept with their dossiers ----
    const a4 = { done: 0, interrupted: 0, queued: 0 };
    const files = db.prepare("SELECT d.code, f.path, f.bytes, f.sha256 FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id WHERE f.kind = 'slip_pdf'").all() as { code: string; path: string; bytes: number; sha256: string }[];
    const filesOf = new Map<string, number>();
    const bad: string[] = [];
    for (const f of files) {
      filesOf.set(f.code, (filesOf.get(f.code) ?? 0) + 1);
      const path = resolve(dirname(dbFile), f.path);
      const bytes = existsSync(path) ? readFileSync(path) : undefined;
      if (!bytes) bad.push(`${f.path} missing`);
      else if (bytes.length !== f.bytes || createHash('sha256').update(bytes).digest('hex') !== f.sha256) bad.push(`${f.path} differs from its record`);
    }
    say('A4 slips on record but not on disk as recorded', bad);
    const a4Wrong: string[] = [];
    for (const [code, [job]] of a4Of) {
      if (!job) continue;
      const n = filesOf.get(code) ?? 0;
      if (job.state === 'done' || job.state === 'interrupted' || job.state === 'queued') a4[job.state]++;
      if ((job.state === 'done' && n !== 1) || (job.state === 'interrupted' && n > 1) || (job.state === 'queued' && n > 0)) a4Wrong.push(`${code} ${job.state} with ${n} PDF(s)`);
    }
    say('A4 slips stored a wrong number of times', a4Wrong);

    const ackedSet = new Set(acked);
    return { problems, dossiers: dossiers.length, unacked: dossiers.filter((d) => !ackedSet.has(d.code)).length, slips, a4 };
  } finally {
    db.close();
  }
}
