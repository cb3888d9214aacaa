// The one-stop forms of the desk's records, as form models (./model.ts) ready for the A4 renderer
// (src/app/print/formPdf.ts) or thermal paper (src/core/print/form.ts formBlocks): the slip's two
// copies, the request to supplement, the refusal, the control slip, the register of a trip or a
// day, and a trip's handover list. Reads only, through a FormSource (Luudong is one), never a
// repository.
import type { Citizen } from '../../core/citizen.js';
import type { DomainData } from '../../core/config.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import type { FormDoc } from '../../core/print/form.js';
import { displayDate, localDate } from '../../core/time.js';
import type { Trip } from '../../core/trip.js';
import { translator } from '../../i18n/index.js';
import type { DossierDesk } from '../dossiers.js';
import type { OfficeDesk } from '../offices.js';
import { controlForm, handoverForm, receiptForm, refusalForm, registerForm, supplementForm } from './model.js';

export { registerRows } from './model.js';

const vi = translator('vi');

/** What the forms are laid out from. */
export interface FormSource {
  readonly data: Pick<DomainData, 'procedures'>;
  now(): number;
  getTrip(id: number): Trip | undefined;
  citizen(id: string): Citizen | undefined;
  readonly offices: Pick<OfficeDesk, 'ofTrip' | 'ofDossier' | 'default'>;
  readonly dossiers: Pick<DossierDesk, 'get' | 'events' | 'lastSupplement' | 'refusal' | 'byTrip' | 'byDate'>;
}

const tripOf = (app: FormSource, d: Dossier): Trip | undefined => (d.tripId === null ? undefined : app.getTrip(d.tripId));

/** The receipt slip: copy 1 (kept), copy 2 (the applicant's); `copies` picks which. */
export function receiptForms(app: FormSource, code: string, copies: readonly (1 | 2)[] = [1, 2]): FormDoc[] {
  const d = app.dossiers.get(code);
  const trip = tripOf(app, d);
  const office = app.offices.ofDossier(d, trip);
  return copies.map((n) => receiptForm(d, app.citizen(d.citizenId), office, trip, n));
}

export function supplementFormOf(app: FormSource, code: string): FormDoc {
  const d = app.dossiers.get(code);
  const req = app.dossiers.lastSupplement(d.id);
  if (!req) throw new DomainError('err.supplement.none', { code: d.code });
  return supplementForm(d, req, app.citizen(d.citizenId), app.offices.ofDossier(d, tripOf(app, d)));
}

export function refusalFormOf(app: FormSource, id: number): FormDoc {
  const r = app.dossiers.refusal(id);
  return refusalForm(r, r.citizenId ? app.citizen(r.citizenId) : undefined);
}

/** The control slip of a dossier; `handedTo` names the office it goes to when its events do not. */
export function controlFormOf(app: FormSource, code: string, handedTo: string | null = null): FormDoc {
  const d = app.dossiers.get(code);
  return controlForm(d, app.dossiers.events(d), app.offices.ofDossier(d, tripOf(app, d)), handedTo);
}

/** The control slip of a dossier already read (the handover writes thousands). */
export function controlFormFor(app: FormSource, d: Dossier, trip: Trip | undefined, handedTo: string | null): FormDoc {
  return controlForm(d, app.dossiers.events(d), app.offices.ofDossier(d, trip), handedTo);
}

/** The register of a trip, or of a day (every dossier received that date). */
export function registerFormOf(app: FormSource, scope: { tripId: number } | { date: string }): FormDoc {
  let dossiers: Dossier[];
  let label: string;
  let trip: Trip | undefined;
  if ('tripId' in scope) {
    trip = app.getTrip(scope.tripId);
    if (!trip) throw new DomainError('err.tripNotFound', { id: scope.tripId });
    dossiers = app.dossiers.byTrip(trip.id);
    label = vi('form.register.scopeTrip', { place: trip.place, commune: trip.commune, date: displayDate(trip.date) });
  } else {
    dossiers = app.dossiers.byDate(scope.date);
    label = vi('form.register.scopeDay', { date: displayDate(scope.date) });
  }
  const office = trip ? app.offices.ofTrip(trip) : dossiers[0] ? app.offices.ofDossier(dossiers[0], tripOf(app, dossiers[0])) : app.offices.default();
  const agency = (d: Dossier) => app.data.procedures.find((p) => (p.code ?? null) === d.procedureCode && (p.code !== null || p.name.vi === d.procedureName.vi))?.agency.vi ?? office.agencyName.vi;
  return registerForm(dossiers, office, label, localDate(app.now()), { citizen: (id) => app.citizen(id), agency });
}

/** A trip's handover list (Danh sách bàn giao hồ sơ). */
export function handoverFormOf(app: FormSource, tripId: number, by: string, toOffice: string, at: number): FormDoc {
  const trip = app.getTrip(tripId);
  if (!trip) throw new DomainError('err.tripNotFound', { id: tripId });
  return handoverForm({ dossiers: app.dossiers.byTrip(trip.id), citizens: (id) => app.citizen(id), office: app.offices.ofTrip(trip), trip, by, toOffice, at });
}
