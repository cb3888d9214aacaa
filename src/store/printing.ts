// Printers and the durable print spool. A job is claimed inside an IMMEDIATE transaction by a
// conditional update, so two workers (the TUI's and `luudong print-worker`) never take the same one.
import type { Statement } from 'better-sqlite3';
import type { JobFilter, JobState, Printer, PrinterConfig, PrinterRole, PrintJob } from '../core/print/printer.js';
import type { Db, Tx } from './types.js';

const SLOW = "(kind LIKE '%\\_a4' ESCAPE '\\' OR printer IN (SELECT name FROM printers WHERE profile = 'raster'))";
const FILTER_SQL: Record<JobFilter, string> = { all: '', slow: ` AND ${SLOW}`, quick: ` AND NOT ${SLOW}` };
/**
 * Whose jobs: a workstation's worker takes the jobs of the printers plugged into it (host = its id);
 * the hub laptop's own worker (host null) takes every other job: its own printers', the A4 forms
 * kept with their dossier (no printer), and those of a printer since removed (to fail them).
 */
const HOST_SQL = {
  own: " AND printer NOT IN (SELECT name FROM printers WHERE host IS NOT NULL)",
  ws: ' AND printer IN (SELECT name FROM printers WHERE host = @host)',
};
type HostKind = keyof typeof HOST_SQL;
const hostKind = (host: string | null): HostKind => (host === null ? 'own' : 'ws');

interface PrinterRow {
  name: string;
  kind: PrinterConfig['kind'];
  target: string;
  baud_rate: number | null;
  native_qr: number;
  status_check: number;
  paper: PrinterConfig['paper'];
  profile: PrinterConfig['profile'];
  roles: string;
  host: string | null;
}

interface JobRow {
  id: number;
  printer: string;
  kind: string;
  ref: string | null;
  document: string;
  state: JobState;
  attempts: number;
  next_at: number;
  reason: string | null;
  worker: string | null;
  created_at: number;
  updated_at: number;
}

const job = (r: JobRow): PrintJob => ({
  id: r.id,
  printer: r.printer,
  kind: r.kind,
  ref: r.ref,
  document: r.document,
  state: r.state,
  attempts: r.attempts,
  nextAt: r.next_at,
  reason: r.reason,
  worker: r.worker,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const printer = (r: PrinterRow): Printer => ({
  name: r.name,
  kind: r.kind,
  target: r.target,
  ...(r.baud_rate ? { baudRate: r.baud_rate } : {}),
  nativeQr: r.native_qr === 1,
  statusCheck: r.status_check !== 0,
  paper: r.paper,
  profile: r.profile,
  roles: JSON.parse(r.roles) as PrinterRole[],
  ...(r.host !== null ? { host: r.host } : {}),
});

export class PrintRepo {
  private readonly sPrinterPut: Statement;
  private readonly sPrinterGet: Statement;
  private readonly sPrinters: Statement;
  private readonly sPrinterDel: Statement;
  private readonly sEnqueue: Statement;
  private readonly sDue: Record<string, Statement>;
  private readonly sClaim: Statement;
  private readonly sFinish: Statement;
  private readonly sRetry: Statement;
  private readonly sGet: Statement;
  private readonly sRecent: Statement;
  private readonly sPrintingOf: Statement;
  private readonly sInterrupt: Statement;
  private readonly sNextAt: Record<string, Statement>;
  private readonly sHeldBy: Statement;
  private readonly sProblems: Statement;
  private readonly sCancel: Statement;

  constructor(db: Db) {
    this.sPrinterPut = db.prepare(
      `INSERT INTO printers (name, kind, target, baud_rate, native_qr, paper, profile, roles, created_at, status_check, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, target = excluded.target, baud_rate = excluded.baud_rate, native_qr = excluded.native_qr, status_check = excluded.status_check,
         paper = excluded.paper, profile = excluded.profile, roles = excluded.roles, host = excluded.host`,
    );
    this.sPrinterGet = db.prepare('SELECT * FROM printers WHERE name = ?');
    this.sPrinters = db.prepare('SELECT * FROM printers ORDER BY name');
    this.sPrinterDel = db.prepare('DELETE FROM printers WHERE name = ?');
    this.sEnqueue = db.prepare(
      "INSERT INTO print_jobs (printer, kind, ref, document, state, next_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)",
    );
    const byFilter = (sql: (f: string) => string) =>
      Object.fromEntries(
        (Object.keys(FILTER_SQL) as JobFilter[]).flatMap((k) => (Object.keys(HOST_SQL) as HostKind[]).map((h) => [`${k}:${h}`, db.prepare(sql(FILTER_SQL[k] + HOST_SQL[h]))])),
      ) as Record<string, Statement>;
    this.sDue = byFilter((f) => `SELECT * FROM print_jobs WHERE state = 'queued' AND next_at <= @now${f} ORDER BY id LIMIT 1`);
    this.sClaim = db.prepare(
      "UPDATE print_jobs SET state = 'printing', worker = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'",
    );
    this.sFinish = db.prepare("UPDATE print_jobs SET state = ?, reason = ?, updated_at = ?, worker = NULL WHERE id = ? AND state = 'printing'");
    this.sRetry = db.prepare("UPDATE print_jobs SET state = 'queued', reason = ?, next_at = ?, updated_at = ?, worker = NULL WHERE id = ? AND state = 'printing'");
    this.sGet = db.prepare('SELECT * FROM print_jobs WHERE id = ?');
    this.sRecent = db.prepare('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?');
    this.sPrintingOf = db.prepare("SELECT * FROM print_jobs WHERE state = 'printing'");
    this.sInterrupt = db.prepare("UPDATE print_jobs SET state = 'interrupted', reason = 'interrupted', worker = NULL, updated_at = ? WHERE id = ? AND state = 'printing'");
    this.sNextAt = byFilter((f) => `SELECT min(next_at) AS t FROM print_jobs WHERE state = 'queued'${f}`);
    this.sHeldBy = db.prepare("SELECT * FROM print_jobs WHERE state = 'printing' AND substr(worker, 1, length(?)) = ?");
    this.sProblems = db.prepare("SELECT * FROM print_jobs WHERE (state = 'queued' AND reason IS NOT NULL) OR state IN ('failed', 'interrupted') ORDER BY id DESC LIMIT ?");
    this.sCancel = db.prepare("UPDATE print_jobs SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN ('queued', 'failed', 'interrupted')");
  }

  putPrinter(_tx: Tx, p: Printer, at: number): void {
    this.sPrinterPut.run(p.name, p.kind, p.target, p.baudRate ?? null, p.nativeQr === false ? 0 : 1, p.paper, p.profile, JSON.stringify(p.roles), at, p.statusCheck === false ? 0 : 1, p.host ?? null);
  }

  printer(name: string): Printer | undefined {
    const r = this.sPrinterGet.get(name) as PrinterRow | undefined;
    return r ? printer(r) : undefined;
  }

  printers(): Printer[] {
    return (this.sPrinters.all() as PrinterRow[]).map(printer);
  }

  removePrinter(_tx: Tx, name: string): boolean {
    return this.sPrinterDel.run(name).changes === 1;
  }

  enqueue(_tx: Tx, printerName: string, kind: string, ref: string | null, document: string, at: number): number {
    return Number(this.sEnqueue.run(printerName, kind, ref, document, at, at, at).lastInsertRowid);
  }

  /** The oldest job due now of `host`'s printers (null: the hub laptop's), claimed for `worker`; call inside an IMMEDIATE transaction. */
  claim(_tx: Tx, worker: string, now: number, filter: JobFilter = 'all', host: string | null = null): PrintJob | undefined {
    const r = (this.sDue[`${filter}:${hostKind(host)}`] as Statement).get({ now, ...(host !== null ? { host } : {}) }) as JobRow | undefined;
    if (!r || this.sClaim.run(worker, now, r.id).changes !== 1) return undefined;
    return job(this.sGet.get(r.id) as JobRow);
  }

  finish(_tx: Tx, id: number, state: 'done' | 'failed', reason: string | null, at: number): void {
    this.sFinish.run(state, reason, at, id);
  }

  retry(_tx: Tx, id: number, reason: string, nextAt: number, at: number): void {
    this.sRetry.run(reason, nextAt, at, id);
  }

  get(id: number): PrintJob | undefined {
    const r = this.sGet.get(id) as JobRow | undefined;
    return r ? job(r) : undefined;
  }

  recent(limit: number): PrintJob[] {
    return (this.sRecent.all(limit) as JobRow[]).map(job);
  }

  printing(): PrintJob[] {
    return (this.sPrintingOf.all() as JobRow[]).map(job);
  }

  interrupt(_tx: Tx, id: number, at: number): void {
    this.sInterrupt.run(at, id);
  }

  /** When the next queued job of `host`'s printers falls due, or null when none is queued. */
  nextDue(filter: JobFilter = 'all', host: string | null = null): number | null {
    const st = this.sNextAt[`${filter}:${hostKind(host)}`] as Statement;
    return ((host !== null ? st.get({ host }) : st.get()) as { t: number | null }).t;
  }

  /** Jobs being printed by workers whose name starts with `prefix`. */
  heldBy(prefix: string): PrintJob[] {
    return (this.sHeldBy.all(prefix, prefix) as JobRow[]).map(job);
  }

  /** Jobs the operator should know about: waiting on a printer problem, failed or interrupted. */
  problems(limit: number): PrintJob[] {
    return (this.sProblems.all(limit) as JobRow[]).map(job);
  }

  cancel(_tx: Tx, id: number, at: number): boolean {
    return this.sCancel.run(at, id).changes === 1;
  }
}
