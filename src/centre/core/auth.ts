// What each role of the centre's staff may do: the same roles as on a vehicle (src/core/auth.ts), the
// same PIN rules and lock-out. Reading the fleet's figures and the schedule is everyone's; planning and
// importing the offices' updates a supervisor's; vehicles, staff and the purge of personal data an admin's.
import { ROLES, type Role } from '../../core/auth.js';
import { DomainError } from '../../core/errors.js';

export type CentreAction = 'report' | 'schedule.read' | 'schedule.plan' | 'updates.import' | 'vehicle.manage' | 'staff.manage' | 'purge';

const NEEDS: Record<CentreAction, Role> = {
  report: 'operator',
  'schedule.read': 'operator',
  'schedule.plan': 'supervisor',
  'updates.import': 'supervisor',
  'vehicle.manage': 'admin',
  'staff.manage': 'admin',
  purge: 'admin',
};

export function centreAllows(role: Role, action: CentreAction): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(NEEDS[action]);
}

export function centreRequires(role: Role | null, name: string | null, action: CentreAction): void {
  if (role === null) throw new DomainError('err.auth.required', {});
  if (!centreAllows(role, action)) throw new DomainError('err.auth.forbidden', { name: name ?? '', role: `auth.role.${NEEDS[action]}` });
}
