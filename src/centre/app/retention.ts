// Retention at the centre, as on the vehicle (src/app/retention.ts, data/retention.json): the
// personal data that came in handover bundles is removed once a dossier is finished and the period
// has passed; the figures are the same before and after. A dry run says what would go.
import { retentionCutoff, type RetentionPolicy } from '../../core/retention.js';
import { CentreRetentionRepo, type PurgeCounts } from '../store/retention.js';
import type { Centre } from './centre.js';

export interface CentrePurgeReport extends PurgeCounts {
  applied: boolean;
  days: number;
  cutoff: number;
}

export async function purgeCentre(centre: Centre, policy: RetentionPolicy, opts: { apply: boolean; days?: number }): Promise<CentrePurgeReport> {
  await centre.guard('purge');
  const days = opts.days ?? policy.personalDataDays;
  const cutoff = retentionCutoff(centre.now(), days);
  if (!opts.apply) return { ...(await new CentreRetentionRepo(centre.pool).preview(cutoff)), applied: false, days, cutoff };
  const counts = await centre.tx((c) => new CentreRetentionRepo(c).purge(cutoff, days, centre.now(), centre.staff?.name ?? null));
  return { ...counts, applied: true, days, cutoff };
}
