// What the operator reads when an operator's name or role is refused: the name's length limit (40
// characters, the catalogue says so), and the list of roles to choose from.
import { describe, expect, it } from 'vitest';
import { checkOperatorName, parseRole, ROLES } from '../../src/core/auth.js';
import { translator, userMessage } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

describe('operator names: 1 to 40 characters', () => {
  it('a name of exactly 40 characters is kept; 41 is refused, naming what was typed', () => {
    const forty = 'Nguyễn Thị Minh Khai ' + 'a'.repeat(19);
    expect(forty.length).toBe(40);
    expect(checkOperatorName(forty).name).toBe(forty);
    const long = forty + 'b';
    const e = refusal(() => checkOperatorName(long));
    expect(e.code).toBe('err.auth.name');
    expect(e.params).toEqual({ name: long });
    expect(userMessage(translator('en'), e)).toBe(`Operator name “${long}” is not valid (1 to 40 characters).`);
  });

  it('the limit counts the cleaned name: spaces around and inside do not count', () => {
    const forty = 'Trần ' + 'H'.repeat(35);
    expect(checkOperatorName(`   ${forty.replace(' ', '      ')}   `).name).toBe(forty);
  });
});

describe('roles', () => {
  it('each of the three roles is accepted as typed', () => {
    for (const r of ['operator', 'supervisor', 'admin']) expect(parseRole(r)).toBe(r);
    expect(ROLES).toEqual(['operator', 'supervisor', 'admin']);
  });

  it('an unknown role is refused with the list of roles, in the operator\'s language', () => {
    const e = refusal(() => parseRole('Admin'));
    expect(e.code).toBe('err.auth.role');
    expect(e.params).toEqual({ role: 'Admin', roles: 'operator, supervisor, admin' });
    expect(userMessage(translator('vi'), e)).toBe('Không có vai trò “Admin”; chọn một trong: operator, supervisor, admin.');
    expect(userMessage(translator('en'), refusal(() => parseRole('')))).toBe('No role “”; choose one of: operator, supervisor, admin.');
  });
});
