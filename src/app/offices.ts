// The offices this vehicle works for: data/offices.json, with those added or changed on the vehicle
// (kept in its database, overriding the file by id). A trip is opened for one; every code, slip,
// form and VietQR of the trip uses it. Adding and changing an office is a supervisor's act.
import type { GuardedAction } from '../core/auth.js';
import type { DomainData } from '../core/config.js';
import { Checker } from '../core/check.js';
import type { Dossier } from '../core/dossier.js';
import { DomainError } from '../core/errors.js';
import { applyOfficePatch, checkOfficeAt, OFFICE_ID, officeForCommune, type Office, type OfficePatch } from '../core/office.js';
import type { Trip } from '../core/trip.js';
import type { Operator } from './operators.js';
import { appendAudit } from '../store/audit.js';
import type { Db, Tx } from '../store/types.js';
import { OfficeRepo } from '../store/offices.js';

export interface OfficeContext {
  db: Db;
  data: DomainData;
  now(): number;
  operator(): string | null;
  write<T>(fn: (tx: Tx) => T): T;
  /** Refuse unless the session, or the supervisor who gave their PIN for it (`approver`), may. */
  guard(action: GuardedAction, approver?: Operator): void;
}

export interface OfficeEntry {
  office: Office;
  /** data: as shipped in data/offices.json; vehicle: added or changed on this vehicle. */
  source: 'data' | 'vehicle';
}

export class OfficeDesk {
  readonly repo: OfficeRepo;

  constructor(private readonly ctx: OfficeContext) {
    this.repo = new OfficeRepo(ctx.db);
  }

  /** Every office, in the file's order, then those added on the vehicle; the first is the default. */
  list(): OfficeEntry[] {
    const local = new Map<string, Office>();
    const c = new Checker('offices (database)');
    for (const r of this.repo.all()) local.set(r.id, checkOfficeAt(c, JSON.parse(r.data), `$[${JSON.stringify(r.id)}]`));
    const out: OfficeEntry[] = this.ctx.data.offices.map((o) => (local.has(o.id) ? { office: local.get(o.id) as Office, source: 'vehicle' } : { office: o, source: 'data' }));
    for (const [id, o] of local) if (!this.ctx.data.offices.some((x) => x.id === id)) out.push({ office: o, source: 'vehicle' });
    return out;
  }

  default(): Office {
    return (this.list()[0] as OfficeEntry).office;
  }

  /** The office of a commune (by its place or agency name), else the default. */
  forCommune(commune: string): Office {
    return officeForCommune(this.list().map((e) => e.office), commune) ?? this.default();
  }

  /** An office by its id or its agency code; refused naming the ones there are. */
  get(idOrCode: string): Office {
    const k = idOrCode.trim();
    const all = this.list();
    const hit = all.find((e) => e.office.id === k.toLowerCase()) ?? all.find((e) => e.office.agencyCode === k.toUpperCase());
    if (!hit) throw new DomainError('err.office.unknown', { value: idOrCode, list: all.map((e) => e.office.id).join(', ') });
    return hit.office;
  }

  /**
   * The office of a trip as it stands now (an account confirmed during the trip counts at once); its
   * snapshot from the trip's opening when it is no longer listed; the default for a trip from before.
   */
  ofTrip(trip: Trip | undefined): Office {
    if (!trip?.officeId) return trip?.office ?? this.default();
    return this.list().find((e) => e.office.id === trip.officeId)?.office ?? trip.office ?? this.default();
  }

  /** The office a dossier was received under: its trip's, else the one with its agency code, else the default. */
  ofDossier(d: Dossier, trip: Trip | undefined): Office {
    const own = trip ? this.ofTrip(trip) : undefined;
    if (own && own.agencyCode === d.agency) return own;
    return this.list().find((e) => e.office.agencyCode === d.agency)?.office ?? this.ofTrip(trip);
  }

  /** A new office, from an existing one's shape (the default's hours and postal fee) and the fields given. */
  add(id: string, patch: OfficePatch & { agencyCode: string; agencyName: { vi: string; en?: string }; unitName: { vi: string; en?: string }; placeName: string }): Office {
    this.ctx.guard('office.manage');
    const key = id.trim().toLowerCase();
    if (!OFFICE_ID.test(key)) throw new DomainError('err.office.id', { value: id });
    return this.ctx.write((tx) => {
      if (this.list().some((e) => e.office.id === key)) throw new DomainError('err.office.exists', { value: key });
      const base = this.default();
      const blank: Office = { ...base, id: key, phone: null, bank: null, provinceFees: {}, verified: false };
      const office = applyOfficePatch(blank, { ...patch, agencyName: { vi: patch.agencyName.vi, en: patch.agencyName.en ?? patch.agencyName.vi }, unitName: { vi: patch.unitName.vi, en: patch.unitName.en ?? patch.unitName.vi } });
      this.save(tx, office, 'office.add');
      return office;
    });
  }

  /**
   * Change an office (its bank account, rates, names…); the file's offices are overridden on the
   * vehicle. The CLI's `office set` and the counter screen's office form (a supervisor's PIN given
   * there: `approver`) both come here; the log names who approved.
   */
  set(idOrCode: string, patch: OfficePatch, approver?: Operator): Office {
    this.ctx.guard('office.manage', approver);
    return this.ctx.write((tx) => {
      const office = applyOfficePatch(this.get(idOrCode), patch);
      this.save(tx, office, 'office.set', approver);
      return office;
    });
  }

  private save(tx: Tx, office: Office, action: string, approver?: Operator): void {
    const clash = this.list().find((e) => e.office.agencyCode === office.agencyCode && e.office.id !== office.id);
    if (clash) throw new DomainError('err.office.agencyTaken', { value: office.agencyCode, other: clash.office.id });
    // Checked as the file's offices are, so the list always loads.
    checkOfficeAt(new Checker('offices (database)'), office, '$');
    this.repo.put(tx, office.id, JSON.stringify(office), this.ctx.now(), this.ctx.operator());
    appendAudit(tx, this.ctx.db, this.ctx.now(), this.ctx.operator(), action, ['offices', office.id, office.agencyCode, ...(approver ? [{ approvedBy: approver.name }] : [])]);
  }
}
