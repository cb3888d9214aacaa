// @ts-nocheck
// Loads the data files (groups, priorities, rules) from data/, with their schema checks.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPriorityCategories, checkHolidays, checkProvinces, checkQueueRules, checkServiceGroups, DataError, type DomainData } from '../core/config.js';
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

export function loadDomainData(dir = findDataDir()): DomainData {
  try {
    const groups = checkServiceGroups(readJson(dir, 'service-groups.json'));
    const offices = checkOffices(readJson(dir, 'offices.json'));
    return {
      groups,
      procedures: checkProcedures(readJson(dir, 'procedures.json'), groups.map((g) => g.code)),
      priorities: checkPriorityCategories(readJson(dir, 'priority-categories.json')),
      rules: checkQueueRules(readJson(dir, 'queue-rules.json')),
      provinces: checkProvinces(readJson(dir, 'provinces.json')),
      calendar: checkHolidays(readJson(dir, 'holidays.json')),
      offices,
      office: offices[0] as DomainData['office'],
      helpServices: checkHelpServices(readJson(dir, 'help-services.json')),
      forms: checkForms(readJson(dir, 'forms.json')),
    };
  } catch (e) {
    if (e instanceof DataError) throw new DomainError('err.data', { file: join(dir, e.file), path: e.path, problem: e.problem });
    throw e;
  }
}
