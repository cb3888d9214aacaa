// `centre payments`: the fees paid by bank transfer in a period, each with its dossier and, once the
// vehicle's operator confirmed it arrived, when and the bank's reference: what the centre matches
// against the account's statement (which transfer paid which dossier), and what is still awaited.
import { checkPeriod } from '../core/figures.js';
import { PaymentRepo, type CentreTransfer } from '../store/payments.js';
import type { Centre } from './centre.js';
import { vehicleByName } from './vehicles.js';

export async function listTransfers(centre: Centre, q: { from: string; to: string; vehicle?: string }): Promise<CentreTransfer[]> {
  await centre.guard('report');
  checkPeriod(q.from, q.to);
  const vehicleId = q.vehicle ? (await vehicleByName(centre, q.vehicle)).id : null;
  return new PaymentRepo(centre.pool).transfers(q.from, q.to, vehicleId);
}
