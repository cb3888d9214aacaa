// data/forms.json as the app loads it (checkForms): the real file read back with its numbers and
// circulars, and a broken file refused with the path of the bad field, as the operator sees it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataDir } from '../../src/app/data.js';
import { DataError } from '../../src/core/check.js';
import { checkForms, FORM_IDS } from '../../src/core/print/form.js';

const raw = JSON.parse(readFileSync(join(findDataDir(), 'forms.json'), 'utf8')) as { version: number; forms: Record<string, unknown>[] };
const err = (json: unknown) => {
  try {
    checkForms(json);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('checkForms', () => {
  it('reads the real file: every form once, its number and circular as written (null where none)', () => {
    const list = checkForms(raw);
    expect(list.map((f) => f.id).sort()).toEqual([...FORM_IDS].sort());
    for (const [i, f] of list.entries()) {
      expect(f.number).toBe(raw.forms[i]?.number);
      expect(f.circular).toBe(raw.forms[i]?.circular);
      expect(f.earlier).toBe(raw.forms[i]?.earlier);
    }
    expect(list.some((f) => f.number !== null)).toBe(true);
  });

  it('refuses a broken file, naming the bad field', () => {
    expect(err([])).toBe('forms.json: $: expected an object');
    expect(err({ version: 1, forms: {} })).toBe('forms.json: $.forms: expected a list');
    expect(err({ ...raw, forms: [...raw.forms, raw.forms[0]] })).toBe(`forms.json: $.forms: duplicate id "${String(raw.forms[0]?.id)}"`);
    expect(err({ ...raw, forms: raw.forms.filter((f) => f.id !== 'refusal') })).toBe('forms.json: $.forms: the form "refusal" is missing');
  });
});
