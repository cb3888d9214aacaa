// The schedule, planned at the centre for every vehicle and commune: each vehicle pulls its own trips
// on its next sync (they appear on its counter screen as its next trip); the announcements are made
// here too, with the vehicle's own wording and rules (src/core/schedule.ts, src/app/schedule.ts):
// loudspeaker text, social-media post, A4 poster, and an iCalendar file for a vehicle or a commune.
import { posterPdf } from '../../app/schedule.js';
import type { Lang } from '../../core/lang.js';
import { DomainError } from '../../core/errors.js';
import { icsCalendar } from '../../core/ics.js';
import { communeKey } from '../../core/officeUpdates.js';
import { announcementText, checkPlan, type AnnouncementFormat, type PlanInput, type Say } from '../../core/schedule.js';
import type { ScheduleDelivery } from '../../core/sync.js';
import { localDate } from '../../core/time.js';
import type { Translate } from '../../i18n/index.js';
import { CentreScheduleRepo, type CentrePlan } from '../store/schedule.js';
import { CommuneRepo, type Vehicle } from '../store/vehicles.js';
import type { Centre } from './centre.js';
import { vehicleByName } from './vehicles.js';

export async function planTrip(centre: Centre, vehicleName: string, input: PlanInput): Promise<CentrePlan> {
  await centre.guard('schedule.plan');
  const v = await vehicleByName(centre, vehicleName);
  const p = checkPlan(input, localDate(centre.now()), centre.data.groups);
  return centre.tx(async (c) => {
    // One plan at a time for a vehicle: two staff planning the same bus never both win the morning.
    await c.query('SELECT pg_advisory_xact_lock(2, $1)', [v.id]);
    const repo = new CentreScheduleRepo(c);
    const clash = await repo.clash(v.id, p);
    if (clash) throw new DomainError('err.centre.planClash', { vehicle: v.name, id: clash.id, place: clash.place, start: clash.start, end: clash.end });
    const communeId = await new CommuneRepo(c).idOf(p.commune, communeKey(p.commune));
    return (await repo.get(await repo.add(v.id, communeId, p, centre.now(), centre.staff?.name ?? null))) as CentrePlan;
  });
}

export async function getPlan(centre: Centre, id: number): Promise<CentrePlan> {
  const p = await new CentreScheduleRepo(centre.pool).get(id);
  if (!p) throw new DomainError('err.plan.notFound', { id });
  return p;
}

/** Coming trips (from today, or a given day), of one vehicle or commune or all. */
export async function listPlans(centre: Centre, q: { from?: string; vehicle?: string; commune?: string; withCancelled?: boolean } = {}): Promise<CentrePlan[]> {
  await centre.guard('schedule.read');
  const v = q.vehicle ? await vehicleByName(centre, q.vehicle) : undefined;
  const commune = q.commune ? await new CommuneRepo(centre.pool).byKey(communeKey(q.commune)) : undefined;
  if (q.commune && !commune) return [];
  const list = await new CentreScheduleRepo(centre.pool).from(q.from ?? localDate(centre.now()), v?.id, commune?.id);
  return list.filter((p) => q.withCancelled || p.cancelledAt === null);
}

export async function cancelPlan(centre: Centre, id: number): Promise<CentrePlan> {
  await centre.guard('schedule.plan');
  const p = await getPlan(centre, id);
  if (p.cancelledAt !== null) throw new DomainError('err.plan.cancelled', { id });
  await new CentreScheduleRepo(centre.pool).cancel(id, centre.now());
  return getPlan(centre, id);
}

async function usable(centre: Centre, id: number): Promise<CentrePlan> {
  await centre.guard('schedule.plan');
  const p = await getPlan(centre, id);
  if (p.cancelledAt !== null) throw new DomainError('err.plan.cancelled', { id });
  return p;
}

/** The loudspeaker's text or the social-media post; handing it out marks the trip announced. */
export async function announce(centre: Centre, id: number, format: AnnouncementFormat, t: Translate, lang: Lang): Promise<string> {
  const p = await usable(centre, id);
  const text = announcementText(format, p, centre.data.office.agencyName[lang], t as Say, centre.data, lang);
  await new CentreScheduleRepo(centre.pool).markAnnounced(id, centre.now());
  return text;
}

export async function poster(centre: Centre, id: number, t: Translate, lang: Lang, fontsDir: string): Promise<Uint8Array> {
  const p = await usable(centre, id);
  const bytes = await posterPdf(p, centre.data, t, lang, fontsDir, centre.now());
  await new CentreScheduleRepo(centre.pool).markAnnounced(id, centre.now());
  return bytes;
}

/** An iCalendar file of the coming trips (cancelled ones as cancelled events), of a vehicle, a commune or all. */
export async function calendar(centre: Centre, q: { vehicle?: string; commune?: string; from?: string; id?: number }, t: Translate, lang: Lang): Promise<string> {
  const plans = q.id !== undefined ? [await usable(centre, q.id)] : await listPlans(centre, { ...q, withCancelled: true });
  if (q.id !== undefined) await new CentreScheduleRepo(centre.pool).markAnnounced(q.id, centre.now());
  const name = t('centre.ics.name', { scope: q.vehicle ?? q.commune ?? plans[0]?.vehicle ?? centre.data.office.unitName[lang] });
  return icsCalendar(
    name,
    plans.map((p) => ({
      uid: `plan-${p.id}@luudong-centre`,
      plan: p,
      summary: t('centre.ics.summary', { place: p.place, commune: p.commune }),
      description: announcementText('social', p, centre.data.office.agencyName[lang], t as Say, centre.data, lang),
      cancelled: p.cancelledAt !== null,
      updatedAt: p.updatedAt,
    })),
    centre.now(),
  );
}

/** What a vehicle pulls: its trips from a week ago on, cancelled ones too (so it drops them). */
export async function scheduleFor(centre: Centre, v: Vehicle): Promise<ScheduleDelivery[]> {
  const from = localDate(centre.now() - 7 * 86_400_000);
  return (await new CentreScheduleRepo(centre.pool).from(from, v.id)).map((p) => ({
    id: p.id,
    commune: p.commune,
    place: p.place,
    date: p.date,
    start: p.start,
    end: p.end,
    services: p.services,
    note: p.note,
    announcedAt: p.announcedAt,
    cancelledAt: p.cancelledAt,
  }));
}
