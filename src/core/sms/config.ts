// The office's choices about text messages (data/sms.json, overridden on a vehicle by `luudong sms
// config`), with the schema check of the data file. Pure: the caller reads the JSON.
import { Checker } from '../check.js';
import type { Alphabet } from './pdu.js';

export interface SmsPolicy {
  alphabet: Alphabet;
  turnNearAhead: number;
  turnNearMinutes: number;
  dailyCap: number;
  reminderDaysBefore: number;
  /** HH:MM */
  reminderFrom: string;
  keepDays: number;
  mobilePrefixes: string[];
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function checkSmsPolicy(json: unknown, file = 'sms.json'): SmsPolicy {
  const c = new Checker(file);
  const o = c.obj(json, '$');
  const prefixes = c.arr(o.mobilePrefixes, '$.mobilePrefixes').map((p, i) => c.str(p, `$.mobilePrefixes[${i}]`, /^0[1-9]\d$/));
  if (prefixes.length === 0) c.fail('$.mobilePrefixes', 'at least one prefix is needed');
  c.unique(prefixes, (p) => p, '$.mobilePrefixes', 'prefix');
  return {
    alphabet: c.oneOf(o.alphabet, '$.alphabet', ['ucs2', 'gsm7'] as const),
    turnNearAhead: c.int(o.turnNearAhead, '$.turnNearAhead', 1, 50),
    turnNearMinutes: c.int(o.turnNearMinutes, '$.turnNearMinutes', 1, 24 * 60),
    dailyCap: c.int(o.dailyCap, '$.dailyCap', 0, 100_000),
    reminderDaysBefore: c.int(o.reminderDaysBefore, '$.reminderDaysBefore', 0, 14),
    reminderFrom: c.str(o.reminderFrom, '$.reminderFrom', HHMM),
    keepDays: c.int(o.keepDays, '$.keepDays', 1, 3650),
    mobilePrefixes: prefixes,
  };
}
