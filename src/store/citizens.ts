// Citizens: one row per ID number, with the history of changed fields.
import type { Statement } from 'better-sqlite3';
import { keepField, type Citizen } from '../core/citizen.js';
import { fold } from '../core/text.js';
import type { Db, Tx } from './types.js';

interface CitizenRow {
  id: string;
  old_id: string | null;
  full_name: string;
  dob: string;
  gender: 'male' | 'female';
  address: string;
  issue_date: string | null;
  extra: string;
  raw: string | null;
}

export interface CitizenChange {
  field: 'fullName' | 'address' | 'oldId' | 'issueDate';
  oldValue: string | null;
  newValue: string | null;
}

const FIELDS: CitizenChange['field'][] = ['fullName', 'address', 'oldId', 'issueDate'];

export class CitizenRepo {
  private readonly sGet: Statement;
  private readonly sInsert: Statement;
  private readonly sUpdate: Statement;
  private readonly sHistory: Statement;
  private readonly sHistoryOf: Statement;

  constructor(db: Db) {
    this.sGet = db.prepare('SELECT * FROM citizens WHERE id = ?');
    this.sInsert = db.prepare(
      `INSERT INTO citizens (id, old_id, full_name, name_folded, dob, gender, address, issue_date, extra, raw, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sUpdate = db.prepare(
      'UPDATE citizens SET old_id = ?, full_name = ?, name_folded = ?, address = ?, issue_date = ?, extra = ?, raw = ?, updated_at = ? WHERE id = ?',
    );
    this.sHistory = db.prepare('INSERT INTO citizen_history (citizen_id, at, field, old_value, new_value, operator) VALUES (?, ?, ?, ?, ?, ?)');
    this.sHistoryOf = db.prepare('SELECT at, field, old_value, new_value, operator FROM citizen_history WHERE citizen_id = ? ORDER BY id');
  }

  get(id: string): Citizen | undefined {
    const r = this.sGet.get(id) as CitizenRow | undefined;
    if (!r) return undefined;
    return { id: r.id, oldId: r.old_id, fullName: r.full_name, dob: r.dob, gender: r.gender, address: r.address, issueDate: r.issue_date, extra: JSON.parse(r.extra) as string[], raw: r.raw };
  }

  /**
   * Store a citizen once by ID number. Seen before: the name, address, old number and issue date
   * are updated where they differ (an empty value never erases a known one, and the same words
   * without their marks never replace the marked ones: core keepField),
   * each change kept in the history. Birth date and gender come with the number and never change.
   */
  save(_tx: Tx, c: Citizen, at: number, operator: string | null): CitizenChange[] {
    const known = this.get(c.id);
    if (!known) {
      this.sInsert.run(c.id, c.oldId, c.fullName, fold(c.fullName), c.dob, c.gender, c.address, c.issueDate, JSON.stringify(c.extra), c.raw, at, at);
      return [];
    }
    // a re-scan or a form never puts unmarked text over the marked one, nor blanks a field
    const next: Citizen = { ...known, fullName: keepField(known.fullName, c.fullName), address: keepField(known.address, c.address), oldId: c.oldId ?? known.oldId, issueDate: c.issueDate ?? known.issueDate, extra: c.extra.length ? c.extra : known.extra, raw: c.raw ?? known.raw };
    const changes = FIELDS.filter((f) => known[f] !== next[f]).map((f) => ({ field: f, oldValue: known[f], newValue: next[f] }));
    if (changes.length === 0 && next.raw === known.raw) return [];
    this.sUpdate.run(next.oldId, next.fullName, fold(next.fullName), next.address, next.issueDate, JSON.stringify(next.extra), next.raw, at, c.id);
    for (const ch of changes) this.sHistory.run(c.id, at, ch.field, ch.oldValue, ch.newValue, operator);
    return changes;
  }

  history(id: string): { at: number; field: string; oldValue: string | null; newValue: string | null; operator: string | null }[] {
    return (this.sHistoryOf.all(id) as { at: number; field: string; old_value: string | null; new_value: string | null; operator: string | null }[]).map((r) => ({
      at: r.at,
      field: r.field,
      oldValue: r.old_value,
      newValue: r.new_value,
      operator: r.operator,
    }));
  }
}
