// An office's id (src/core/office.ts OFFICE_ID): how it is named in data/offices.json, in
// `luudong office` and in the vehicle's list: lower-case letters, digits and hyphens, starting with a
// letter or digit, at most 32 characters, and nothing before or after.
import { describe, expect, it } from 'vitest';
import { checkOffices, OFFICE_ID } from '../../src/core/office.js';
import { officesJson } from '../helpers/offices-json.js';
import { dataError } from '../helpers/refusal.js';

describe('an office id', () => {
  it('takes lower-case letters, digits and hyphens, up to 32', () => {
    for (const id of ['minh-chau', 'my-duc', 'a', '0', 'xa-2', `a${'-'.repeat(31)}`, 'h26-107']) expect(OFFICE_ID.test(id), id).toBe(true);
  });

  it('refuses anything around it, capitals, other characters, a leading hyphen, and a 33rd character', () => {
    for (const id of ['', '-minh', 'Minh-chau', 'Xminh-chau', 'minh-chau!', '!minh-chau', ' minh-chau', 'minh-chau ', 'minh chau', 'minh_chau', 'mỹ-đức', 'minh-chau\n', `a${'b'.repeat(32)}`])
      expect(OFFICE_ID.test(id), JSON.stringify(id)).toBe(false);
  });

  it('a bad id in data/offices.json is refused at the field', () => {
    const j = officesJson();
    j.offices[0]!.id = 'minh-chau!';
    expect(dataError(() => checkOffices(j)).message).toMatch(/^offices\.json: \$\.offices\[0\]\.id: /);
  });
});
