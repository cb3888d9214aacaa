// data/sms.json must be an object: anything else is refused at the root, '$', as the other checks
// of the file name their field (sms-config.test.ts has the fields).
import { describe, expect, it } from 'vitest';
import { checkSmsPolicy } from '../../src/core/sms/config.js';
import { dataError } from '../helpers/refusal.js';

describe('data/sms.json at its root', () => {
  it('a list, a text or null instead of the object is refused naming $', () => {
    for (const json of [[], 'ucs2', null]) {
      const e = dataError(() => checkSmsPolicy(json));
      expect({ file: e.file, path: e.path, problem: e.problem }, JSON.stringify(json)).toEqual({ file: 'sms.json', path: '$', problem: 'expected an object' });
    }
  });
});
