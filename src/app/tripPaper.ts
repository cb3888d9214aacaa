// The end of a trip on paper, for the counter screen (issue 13 item 24): where the handover bundle
// goes (a mounted USB stick when there is one), the export itself as `handover export` does it (a
// supervisor's act), the poster of a planned trip as a PDF file. The CLI commands call the same
// use cases (src/app/handover.ts, src/app/schedule.ts); the screen reaches them only through here.
import { join, dirname, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { GuardedAction } from '../core/auth.js';
import { DomainError } from '../core/errors.js';
import type { Lang } from '../core/lang.js';
import type { Trip } from '../core/trip.js';
import { translator } from '../i18n/index.js';
import { writeFileDurably } from '../store/durable.js';
import { removableMounts } from './backupTarget.js';
import { findDataDir } from './data.js';
import type { HandoverContext, PreparedHandover } from './handover.js';
import type { Operator } from './operators.js';
import type { ScheduleDesk } from './schedule.js';

/** Where a file for outside the vehicle is suggested: a folder on a stick, or beside the database when no stick is in. */
export interface PaperTarget {
  dir: string;
  /** On a mounted USB stick or SD card. */
  removable: boolean;
}

export interface HandoverDone {
  dir: string;
  dossiers: number;
  files: number;
  handedOver: number;
  bytes: number;
}

export interface TripPaperOps {
  /** A folder for the handover bundle of a trip: on the first mounted stick, else beside the database. */
  handoverTarget(tripId: number): PaperTarget;
  /** Write the trip's signed handover bundle into `dir` and record the handover; a supervisor's act (`approver`: who gave their PIN). */
  exportHandover(input: { tripId: number; dir: string; approver?: Operator }): Promise<HandoverDone>;
  /** A folder for announcements (the poster): on the first mounted stick, else beside the database. */
  posterTarget(): PaperTarget;
  /** The A4 poster of a planned trip written as a PDF into `dir` (the trip marked announced); the file's path. */
  writePoster(planId: number, dir: string): Promise<string>;
}

export interface TripPaperDeps {
  app: HandoverContext;
  dbFile: string;
  lang: Lang;
  schedule: ScheduleDesk;
  guard(action: GuardedAction, approver?: Operator): void;
  getTrip(id: number): Trip | undefined;
  /** '/' but in tests. */
  sysRoot?: string;
}

const stamp = (date: string) => date.replace(/-/g, '');

/** Where files for outside the vehicle go on this machine: the first mounted stick, else `dir` (beside the database). */
export function paperBase(dir: string, sysRoot?: string): PaperTarget {
  const stick = removableMounts(sysRoot)[0];
  return stick ? { dir: stick, removable: true } : { dir: resolve(dir), removable: false };
}

/** A new folder per trip: the bundle goes into a folder that does not exist yet, or an empty one. */
export function handoverFolder(base: PaperTarget, trip: Trip): PaperTarget {
  return { dir: join(base.dir, `ban-giao-chuyen-${trip.id}-${stamp(trip.date)}`), removable: base.removable };
}

export function posterFolder(base: PaperTarget): PaperTarget {
  return { dir: base.removable ? base.dir : join(base.dir, 'thong-bao'), removable: base.removable };
}

/** Write a poster's bytes into `dir` as `name` (the folder made when missing); the file's path. */
export function savePoster(dir: string, name: string, bytes: Uint8Array): string {
  const d = dir.trim();
  if (!d) throw new DomainError('err.paper.noDir', {});
  const file = resolve(d, name);
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileDurably(file, bytes);
  } catch (e) {
    throw new DomainError('err.paper.write', { file, detail: (e as Error).message });
  }
  return file;
}

export class TripPaperDesk implements TripPaperOps {
  constructor(private readonly deps: TripPaperDeps) {}

  private base(): PaperTarget {
    return paperBase(dirname(resolve(this.deps.dbFile)), this.deps.sysRoot);
  }

  handoverTarget(tripId: number): PaperTarget {
    const trip = this.deps.getTrip(tripId);
    if (!trip) throw new DomainError('err.tripNotFound', { id: tripId });
    return handoverFolder(this.base(), trip);
  }

  async exportHandover(input: { tripId: number; dir: string; approver?: Operator }): Promise<HandoverDone> {
    // Personal data of a whole trip leaves the vehicle: a supervisor's act, as `handover export`.
    this.deps.guard('handover.export', input.approver);
    const dir = input.dir.trim();
    if (!dir) throw new DomainError('err.paper.noDir', {});
    const { exportHandover } = await import('./handover.js');
    const t = translator(this.deps.lang);
    const r = await exportHandover(this.deps.app, { dir, tripId: input.tripId, dbFile: this.deps.dbFile, fontsDir: join(findDataDir(), 'fonts'), t, lang: this.deps.lang, ...(input.approver ? { by: input.approver.name } : {}) });
    return { dir: r.dir, dossiers: r.counts.dossiers, files: r.counts.attachments, handedOver: r.handedOver, bytes: r.bytes };
  }

  /**
   * A workstation's handover (through the hub): the bundle made and signed here into `stage`, not
   * recorded; the guard checked now, before anything is made (the refusal comes at once).
   */
  prepareHandover(input: { tripId: number; stage: string; approver?: Operator }): Promise<PreparedHandover> {
    this.deps.guard('handover.export', input.approver);
    const t = translator(this.deps.lang);
    return import('./handover.js').then(({ prepareHandover }) =>
      prepareHandover(this.deps.app, { stage: input.stage, tripId: input.tripId, dbFile: this.deps.dbFile, fontsDir: join(findDataDir(), 'fonts'), t, lang: this.deps.lang, ...(input.approver ? { by: input.approver.name } : {}) }),
    );
  }

  posterTarget(): PaperTarget {
    return posterFolder(this.base());
  }

  /** The A4 poster of a planned trip (the trip marked announced) and the name of its file. */
  async poster(planId: number): Promise<{ name: string; bytes: Uint8Array }> {
    const plan = this.deps.schedule.get(planId);
    // What the village reads on its notice board: Vietnamese, whatever the screen's language.
    const bytes = await this.deps.schedule.poster(planId, translator('vi'), 'vi', join(findDataDir(), 'fonts'));
    return { name: `thong-bao-chuyen-${plan.id}-${stamp(plan.date)}.pdf`, bytes };
  }

  async writePoster(planId: number, dir: string): Promise<string> {
    if (!dir.trim()) throw new DomainError('err.paper.noDir', {});
    const { name, bytes } = await this.poster(planId);
    return savePoster(dir, name, bytes);
  }
}
