// Loads the data files (groups, priorities, rules) from data/, with their schema checks.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPriorityCategories, checkHolidays, checkProvinces, checkQueueRules, checkServiceGroups, type DomainData } from '../core/config.js';
import { DataError } from '../core/check.js';
import { DomainError } from '../core/errors.js';
import { checkHelpServices, checkOffices } from '../core/office.js';
import { checkProcedures } from '../core/procedures.js';
import { checkForms } from '../core/print/form.js';

/** The data/ directory: LUUDONG_DATA_DIR, else the nearest data/ above this module (src or dist). */
export function findDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LUUDONG_DATA_DIR) return resolve(env.LUUDONG_DATA_DIR);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, 'service-groups.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new DomainError('err.dataMissing', { file: 'data/service-groups.json', detail: 'not found' });
}

export function readJson(dir: string, name: string): unknown {
  const file = join(dir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DomainError('err.dataMissing', { file, detail: (e as Error).message });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DomainError('err.data', { file, path: '$', problem: (e as Error).message });
  }
}

/** The data files a DomainData is checked from, by name (as parsed JSON, not yet checked). */
export const DATA_FILES = ['service-groups.json', 'procedures.json', 'priority-categories.json', 'queue-rules.json', 'provinces.json', 'holidays.json', 'offices.json', 'help-services.json', 'forms.json'] as const;
export type RawDomainData = Record<(typeof DATA_FILES)[number], unknown>;

export function readRawDomainData(dir = findDataDir()): RawDomainData {
  return Object.fromEntries(DATA_FILES.map((f) => [f, readJson(dir, f)])) as RawDomainData;
}

export function loadDomainData(dir = findDataDir()): DomainData {
  return checkDomainData(readRawDomainData(dir), dir);
}

/**
 * Check every file's schema. `where` names where the files came from in a refusal: a folder, or
 * the hub a workstation got them from (a workstation checks the hub's data as it checks its own).
 */
export function checkDomainData(raw: RawDomainData, where: string): DomainData {
  try {
    const groups = checkServiceGroups(raw['service-groups.json']);
    const offices = checkOffices(raw['offices.json']);
    return {
      groups,
      procedures: checkProcedures(raw['procedures.json'], groups.map((g) => g.code)),
      priorities: checkPriorityCategories(raw['priority-categories.json']),
      rules: checkQueueRules(raw['queue-rules.json']),
      provinces: checkProvinces(raw['provinces.json']),
      calendar: checkHolidays(raw['holidays.json']),
      offices,
      office: offices[0] as DomainData['office'],
      helpServices: checkHelpServices(raw['help-services.json']),
      forms: checkForms(raw['forms.json']),
    };
  } catch (e) {
    if (e instanceof DataError) throw new DomainError('err.data', { file: join(where, e.file), path: e.path, problem: e.problem });
    throw e;
  }
}
