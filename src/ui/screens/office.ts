// The office form (issue 13 item 6): the office every printout names and every VietQR pays, set from
// the counter screen instead of by editing data/. It edits the office of the open trip (else the
// default office): the parent agency and the one-stop unit as the forms print them (and their names
// in English, for the English screen: left empty, the Vietnamese names), the place name of
// the date line, the agency code that starts every dossier code, and the bank account fees are
// transferred to (all four bank fields left empty: no transfers). Saving is a supervisor's act (the
// approval dialog, as `office set` needs one on the command line) and goes through the same use case
// as the CLI (CounterApp.offices.set, logged); what is saved is the office's own word, so it is no
// longer an example (verified). Until then the main screen says so on one line, with the key.
import { applyOfficePatch, officePlaceholders, type Office, type OfficePatch } from '../../core/office.js';
import { wrap } from '../../core/print/layout.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { fieldLine } from '../fields.js';
import { editLine, line, type EditRules, type Line } from '../keys/edit.js';
import { frame, pop, push, step, write, update, type Binding, type Effect, type Frame, type Screen, type ScreenEnv, type Step, type ViewLine } from '../screen.js';
import { approvalFrame, type Approved } from './login.js';
import type { Operator } from '../../app/operators.js';

/** The main screen's key for this form (its binding there; named by the trip form's warning too). */
export const OFFICE_KEY = 'f12';

type FieldId = 'agency' | 'unit' | 'place' | 'code' | 'agencyEn' | 'unitEn' | 'bin' | 'bankName' | 'account' | 'holder';

/**
 * The names in English (what the operator's screen and the English papers for outside show with
 * --lang en): optional. Left empty, the English name is the Vietnamese one; a Vietnamese name changed
 * while its English name is still the old one empties it (the old name's English would be wrong under
 * the new), so what is saved is what the form shows. The same rule as `office set` without --agency-en.
 */
const ENGLISH: Partial<Record<FieldId, FieldId>> = { agency: 'agencyEn', unit: 'unitEn' };

const FIELDS: readonly { id: FieldId; label: MessageKey; rules: EditRules; bank?: true; optional?: true }[] = [
  { id: 'agency', label: 'ofc.field.agency', rules: { max: 200 } },
  { id: 'unit', label: 'ofc.field.unit', rules: { max: 200 } },
  { id: 'place', label: 'ofc.field.place', rules: { max: 200 } },
  { id: 'code', label: 'ofc.field.code', rules: { accept: /[0-9A-Za-z.]/, max: 40 } },
  { id: 'agencyEn', label: 'ofc.field.agencyEn', rules: { max: 200 }, optional: true },
  { id: 'unitEn', label: 'ofc.field.unitEn', rules: { max: 200 }, optional: true },
  { id: 'bin', label: 'ofc.field.bin', rules: { accept: /\d/, max: 6 }, bank: true },
  { id: 'bankName', label: 'ofc.field.bankName', rules: { max: 200 }, bank: true },
  { id: 'account', label: 'ofc.field.account', rules: { accept: /[0-9A-Za-z]/, max: 19 }, bank: true },
  { id: 'holder', label: 'ofc.field.holder', rules: { max: 200 }, bank: true },
];

export interface OfficeFormState {
  /** The office edited (its id). */
  id: string;
  values: Record<FieldId, Line>;
  focus: number;
  error: string | null;
}

/** Whose office the counter works for now: the open trip's, else the default office. */
export function counterOffice(env: ScreenEnv): Office {
  return env.app.offices.ofTrip(env.trip);
}

/** The form for the counter's office, filled with what it holds now (the example, until set). */
export function officeFrame(env: ScreenEnv): Frame<OfficeFormState> {
  const o = counterOffice(env);
  const b = o.bank;
  return frame(officeScreen, {
    id: o.id,
    focus: 0,
    error: null,
    values: {
      agency: line(o.agencyName.vi),
      unit: line(o.unitName.vi),
      place: line(o.placeName),
      code: line(o.agencyCode),
      agencyEn: line(o.agencyName.en),
      unitEn: line(o.unitName.en),
      bin: line(b?.bin ?? ''),
      bankName: line(b?.bankName ?? ''),
      account: line(b?.account ?? ''),
      holder: line(b?.accountName ?? ''),
    },
  });
}

/**
 * The change the form asks for, checked as the use case will check it (so a mistake is said before
 * anyone types a PIN): every office field filled, the bank's four filled or all four empty.
 */
export function officePatchOf(s: OfficeFormState, env: ScreenEnv): OfficePatch {
  const { t } = env;
  const v = (id: FieldId) => s.values[id].text.normalize('NFC').trim();
  const label = (id: FieldId) => t(FIELDS.find((f) => f.id === id)?.label as MessageKey);
  for (const f of FIELDS) if (!f.bank && !f.optional && !v(f.id)) throw new FormError(t('ofc.needs', { field: label(f.id) }), FIELDS.indexOf(f));
  const bank = FIELDS.filter((f) => f.bank);
  const filled = bank.filter((f) => v(f.id));
  if (filled.length > 0 && filled.length < bank.length) {
    const empty = bank.find((f) => !v(f.id)) as (typeof FIELDS)[number];
    throw new FormError(t('ofc.bankPartial', { field: label(empty.id) }), FIELDS.indexOf(empty));
  }
  const old = env.app.offices.get(s.id);
  // English left empty: the Vietnamese name (see ENGLISH)
  const name = (vi: string, typedEn: string, was: { vi: string; en: string }) => {
    const en = typedEn === '' ? vi : typedEn;
    return vi === was.vi && en === was.en ? undefined : { vi, en };
  };
  const agencyName = name(v('agency'), v('agencyEn'), old.agencyName);
  const unitName = name(v('unit'), v('unitEn'), old.unitName);
  const patch: OfficePatch = {
    agencyCode: v('code'),
    ...(agencyName ? { agencyName } : {}),
    ...(unitName ? { unitName } : {}),
    placeName: v('place'),
    bank: filled.length ? { bin: v('bin'), bankName: v('bankName'), account: v('account'), accountName: v('holder'), verified: true } : null,
    verified: true,
  };
  try {
    applyOfficePatch(old, patch);
  } catch (e) {
    const field = (e as { params?: { field?: string } }).params?.field;
    const at: Partial<Record<string, FieldId>> = { 'agencyName.vi': 'agency', 'unitName.vi': 'unit', 'agencyName.en': 'agencyEn', 'unitName.en': 'unitEn', placeName: 'place', 'bank.bankName': 'bankName', 'bank.accountName': 'holder' };
    const code = (e as { code?: string }).code;
    const id = code === 'err.dossier.agency' ? 'code' : code === 'err.vietqr.bin' ? 'bin' : code === 'err.vietqr.account' ? 'account' : field ? at[field] : undefined;
    // the use case's own words where they name the value (the BIN, the account, the code); else the field's name
    throw new FormError(code === 'err.office.field' && id ? t('ofc.fieldBad', { field: label(id) }) : userMessage(t, e), id ? FIELDS.findIndex((f) => f.id === id) : s.focus);
  }
  return patch;
}

/** A refusal of the form's own, with the field to go back to. */
class FormError extends Error {
  constructor(
    message: string,
    readonly focus: number,
  ) {
    super(message);
  }
}

function saveNow(s: OfficeFormState, patch: OfficePatch, approver?: Operator): Effect<OfficeFormState> {
  return write<OfficeFormState>((env) => {
    try {
      const o = env.app.offices.set(s.id, patch, approver);
      return [pop(), { kind: 'status', status: { kind: 'ok', text: env.t('ok.officeSaved', { unit: o.unitName.vi, code: o.agencyCode }) } }];
    } catch (e) {
      return [update((x) => ({ ...x, error: userMessage(env.t, e) }))];
    }
  });
}

function submit(s: OfficeFormState, env: ScreenEnv): Step<OfficeFormState> {
  let patch: OfficePatch;
  try {
    patch = officePatchOf(s, env);
  } catch (e) {
    if (e instanceof FormError) return step({ ...s, error: e.message, focus: e.focus });
    return step({ ...s, error: userMessage(env.t, e) });
  }
  // a supervisor (or an admin) gives their PIN first, when operators are set up (as `office set` needs)
  if (env.app.operators.enabled()) return step({ ...s, error: null }, push(approvalFrame('office.manage', env.t('ofc.what', { id: s.id }))));
  return step({ ...s, error: null }, saveNow(s, patch));
}

const bindings: readonly Binding<OfficeFormState>[] = [
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.nextOrSave',
    shown: () => 1,
    run: (s, env) => (s.focus < FIELDS.length - 1 ? step({ ...s, focus: s.focus + 1 }) : submit(s, env)),
  },
  { id: 'save', keys: ['f2'], label: 'key.save', shown: () => 2, run: (s, env) => submit(s, env) },
  { id: 'field', keys: ['tab', 'down'], label: 'key.nextField', shown: () => 3, run: (s) => step({ ...s, focus: (s.focus + 1) % FIELDS.length }) },
  { id: 'previous', keys: ['backtab', 'up'], label: 'key.previousField', run: (s) => step({ ...s, focus: (s.focus + FIELDS.length - 1) % FIELDS.length }) },
  { id: 'back', keys: ['escape'], label: 'key.cancel', shown: () => 4, run: (s) => step(s, pop()) },
];

/** A field's rows: its text broken into pieces that fit `room` columns (never cut), the cursor on its piece. */
function fieldRows(prefix: string, l: Line, focused: boolean, room: number): ViewLine[] {
  const chars = [...l.text];
  const starts: number[] = [];
  for (let i = 0; i < Math.max(1, chars.length); i += room) starts.push(i);
  // the cursor after a full last piece: on a row of its own
  if (focused && chars.length > 0 && chars.length % room === 0 && l.at === chars.length) starts.push(chars.length);
  const pad = ' '.repeat([...prefix].length);
  return starts.map((start, r) => {
    const piece = chars.slice(start, start + room).join('');
    const last = r === starts.length - 1;
    const on = focused && l.at >= start && (l.at < start + room || last);
    return fieldLine(r === 0 ? prefix : pad, { text: piece, at: l.at - start }, on);
  });
}

export const officeScreen: Screen<OfficeFormState> = {
  id: 'office',
  bindings,
  edits: () => true,
  other: (s, env, key) => {
    const f = FIELDS[s.focus] as (typeof FIELDS)[number];
    const v = editLine(s.values[f.id], key, f.rules);
    if (!v) return null;
    const values = { ...s.values, [f.id]: v };
    // a Vietnamese name changed: its English name, still the old one's, is emptied (see ENGLISH)
    const en = ENGLISH[f.id];
    if (en) {
      const was = env.app.offices.get(s.id)[f.id === 'agency' ? 'agencyName' : 'unitName'];
      if (v.text.normalize('NFC').trim() !== was.vi && values[en].text.trim() === was.en) values[en] = line('');
    }
    return step({ ...s, error: null, values });
  },
  resume: (s, result, env) => {
    const approver = (result as Partial<Approved> | undefined)?.approver;
    if (!approver) return step({ ...s, error: env.t('ofc.notApproved') });
    try {
      return step(s, saveNow(s, officePatchOf(s, env), approver));
    } catch (e) {
      return step({ ...s, error: e instanceof Error ? e.message : String(e) });
    }
  },
  scans: () => 'busy',
  view: (s, env, size) => {
    const { t } = env;
    const width = Math.min(size.width, 78);
    const inner = width - 4;
    const labels = FIELDS.map((f) => t(f.label));
    const labelWidth = Math.min(26, Math.max(...labels.map((l) => [...l].length)));
    const room = Math.max(10, inner - labelWidth - 3);
    const lines: ViewLine[] = [...wrap(t('ofc.intro', { id: s.id }), inner)];
    let office: Office | null = null;
    try {
      office = env.app.offices.get(s.id);
    } catch {
      office = null;
    }
    const left = office ? officePlaceholders(office) : [];
    if (left.length) for (const l of wrap(`! ${t(left.includes('office') ? (left.includes('bank') ? 'ofc.leftBoth' : 'ofc.leftOffice') : 'ofc.leftBank')}`, inner)) lines.push({ text: l, color: 'yellow' });
    FIELDS.forEach((f, i) => {
      if (f.id === 'agencyEn') lines.push(...wrap(t('ofc.englishHeading'), inner).map((l): ViewLine => ({ text: l, dim: true })));
      if (f.id === 'bin') lines.push(...wrap(t('ofc.bankHeading'), inner).map((l): ViewLine => ({ text: l, dim: true })));
      const label = [...(labels[i] as string)].slice(0, labelWidth).join('').padEnd(labelWidth);
      lines.push(...fieldRows(`${i === s.focus ? '>' : ' '} ${label} `, s.values[f.id], i === s.focus, room));
    });
    if (s.error) for (const l of wrap(`! ${s.error}`, inner)) lines.push({ text: l, color: 'red' });
    return { frame: 'box', title: t('ofc.title', { id: s.id }), lines, width, height: size.height };
  },
};
