// The schedule of coming trips: planned, announced (loudspeaker text, social-media post, A4 poster),
// cancelled; the next one for the counter screen and the ones not yet announced in time.
import type { DomainData } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import type { Office } from '../core/office.js';
import { announcementParts, announcementText, capitalize, checkPlan, nextPlan, unannounced, type AnnouncementFormat, type PlannedTrip, type PlanInput, type Say } from '../core/schedule.js';
import { localDate } from '../core/time.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Db, Tx } from '../store/types.js';
import { ScheduleRepo } from '../store/schedule.js';

export interface ScheduleDeps {
  db: Db;
  data: DomainData;
  /** The office of a planned trip's commune (else the first): whose name the announcements carry. */
  officeFor?: (commune: string) => Office;
  now: () => number;
  write: <T>(fn: (tx: Tx) => T) => T;
}

export class ScheduleDesk {
  private readonly repo: ScheduleRepo;

  constructor(private readonly deps: ScheduleDeps) {
    this.repo = new ScheduleRepo(deps.db);
  }

  private today(): string {
    return localDate(this.deps.now());
  }

  add(input: PlanInput): PlannedTrip {
    const p = checkPlan(input, this.today(), this.deps.data.groups);
    const id = this.deps.write((tx) => this.repo.add(tx, p, this.deps.now()));
    return this.get(id);
  }

  get(id: number): PlannedTrip {
    const p = this.repo.get(id);
    if (!p) throw new DomainError('err.plan.notFound', { id });
    return p;
  }

  /** Coming trips (from today), cancelled ones only when asked. */
  list(withCancelled = false): PlannedTrip[] {
    return this.repo.from(this.today()).filter((p) => withCancelled || p.cancelledAt === null);
  }

  cancel(id: number): PlannedTrip {
    const p = this.get(id);
    if (p.cancelledAt !== null) throw new DomainError('err.plan.cancelled', { id });
    this.deps.write((tx) => this.repo.cancel(tx, id, this.deps.now()));
    return this.get(id);
  }

  next(): PlannedTrip | undefined {
    return nextPlan(this.repo.from(this.today()), this.today());
  }

  /** Trips less than 3 days away that nobody has announced. */
  unannounced(): PlannedTrip[] {
    return unannounced(this.repo.from(this.today()), this.today());
  }

  /** The announcement's text (Vietnamese unless asked otherwise: it is for the village); handing it out marks the trip announced. */
  announce(id: number, format: AnnouncementFormat, t: Translate = translator('vi'), lang: Lang = 'vi'): string {
    const p = this.usable(id);
    const text = announcementText(format, p, this.officeOf(p).agencyName[lang], t as Say, this.deps.data, lang);
    this.deps.write((tx) => this.repo.markAnnounced(tx, id, this.deps.now()));
    return text;
  }

  /** The A4 poster for the cultural house's notice board, as PDF bytes; marks the trip announced. */
  async poster(id: number, t: Translate, lang: Lang, fontsDir: string): Promise<Uint8Array> {
    const p = this.usable(id);
    const bytes = await posterPdf(p, this.deps.data, t, lang, fontsDir, this.deps.now(), this.officeOf(p));
    this.deps.write((tx) => this.repo.markAnnounced(tx, id, this.deps.now()));
    return bytes;
  }

  /** The office the trip is made for: its commune's (as a trip opened there would take), not the first listed. */
  officeOf(p: PlannedTrip): Office {
    return this.deps.officeFor?.(p.commune) ?? this.deps.data.office;
  }

  private usable(id: number): PlannedTrip {
    const p = this.get(id);
    if (p.cancelledAt !== null) throw new DomainError('err.plan.cancelled', { id });
    return p;
  }
}

/**
 * The A4 poster of a planned trip as PDF bytes: the office, the place, the day and hours in big
 * letters, what can be done. Also made at the centre for any vehicle's trip (src/centre/app/schedule.ts).
 */
export async function posterPdf(p: PlanInput, data: Pick<DomainData, 'office' | 'groups' | 'priorities'>, t: Translate, lang: Lang, fontsDir: string, at: number, office: Office = data.office): Promise<Uint8Array> {
  const a = announcementParts(p, t as Say, data, lang);
  // pdfkit loads only when a poster is made, not with the counter screen.
  const { a4Document } = await import('./print/pdf.js');
  const { doc, done } = a4Document(fontsDir, { Title: t('sched.posterTitle'), Author: office.unitName[lang], CreationDate: new Date(at) });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const centred = (text: string, face: 'regular' | 'bold', size: number, gap = 6) => {
    doc.font(face).fontSize(size).text(text, x, doc.y, { width, align: 'center' });
    doc.moveDown(gap / size);
  };
  // The parent agency in capitals, the issuing unit in bold capitals under it, as on the forms.
  centred(office.agencyName[lang].toLocaleUpperCase('vi'), 'regular', 13, 2);
  centred(office.unitName[lang].toLocaleUpperCase('vi'), 'bold', 13, 30);
  centred(t('sched.posterTitle'), 'bold', 40, 4);
  centred(t('sched.posterSubtitle'), 'bold', 20, 30);
  centred(p.place, 'bold', 28, 4);
  centred(p.commune, 'regular', 20, 24);
  centred(capitalize(a.day), 'bold', 24, 4);
  centred(a.hours, 'bold', 24, 30);
  doc.font('bold').fontSize(16).text(t('sched.posterServices'), x, doc.y, { width });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(16).list(a.services.map(capitalize), x + 14, doc.y, { width: width - 14, bulletRadius: 3 });
  doc.moveDown(1);
  doc.font('regular').fontSize(14).text(t('sched.posterBring'), x, doc.y, { width });
  doc.moveDown(0.5);
  doc.text(a.priority, x, doc.y, { width });
  if (p.note) {
    doc.moveDown(0.5);
    doc.font('bold').text(p.note, x, doc.y, { width });
  }
  if (office.phone) {
    doc.moveDown(1.5);
    doc.font('regular').fontSize(13).text(t('sched.posterPhone', { phone: office.phone }), x, doc.y, { width, align: 'center' });
  }
  doc.end();
  return done;
}
