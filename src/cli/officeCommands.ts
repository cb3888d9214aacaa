// CLI commands of the offices this vehicle serves: office list|show|add|set. Setting an office
// (its bank account, the province's rates, its names) happens here, not by editing data/.
import type { Command } from 'commander';
import type { OfficeEntry } from '../app/offices.js';
import type { Office, OfficePatch } from '../core/office.js';
import { DomainError } from '../core/errors.js';
import { fmtVnd } from '../core/receipt.js';
import type { CliContext } from './context.js';
import type { Translate } from '../i18n/index.js';

export function officeJson(e: OfficeEntry) {
  return { ...e.office, source: e.source };
}

function officeText(t: Translate, e: OfficeEntry, def: boolean): string[] {
  const o = e.office;
  const bank = o.bank ? t('office.bank', { bank: o.bank.bankName, account: o.bank.account, name: o.bank.accountName, state: t(o.bank.verified ? 'office.verified' : 'office.placeholder') }) : t('office.noBank');
  const fees = Object.entries(o.provinceFees);
  return [
    t('office.line', { id: o.id, code: o.agencyCode, unit: o.unitName.vi, agency: o.agencyName.vi, mark: def ? ' *' : '', state: t(o.verified ? 'office.verified' : 'office.unverified') }),
    `  ${bank}`,
    `  ${t('office.fees', { list: fees.length ? fees.map(([k, v]) => `${k}=${fmtVnd(v)}`).join(', ') : '–' })}`,
  ];
}

/** "civil.birth_late=8000" (or "=" to remove) into the rates to set. */
function parseFees(list: string[] | undefined): Record<string, number | null> | undefined {
  if (!list || list.length === 0) return undefined;
  const out: Record<string, number | null> = {};
  for (const item of list) {
    const m = /^([^=]+)=(\d*)$/.exec(item.trim());
    if (!m) throw new DomainError('err.office.feeKey', { value: item });
    out[(m[1] as string).trim()] = m[2] === '' ? null : Number(m[2]);
  }
  return out;
}

interface OfficeOpts {
  agencyCode?: string;
  agency?: string;
  agencyEn?: string;
  unit?: string;
  unitEn?: string;
  place?: string;
  phone?: string;
  bankBin?: string;
  bankName?: string;
  bankAccount?: string;
  accountName?: string;
  bankVerified?: boolean;
  /** false with --no-bank (commander's negated option). */
  bank?: boolean;
  postalFee?: string;
  fee?: string[];
  verified?: boolean;
}

function patchOf(o: OfficeOpts, int: (v: string) => number): OfficePatch {
  const p: OfficePatch = {};
  if (o.agencyCode !== undefined) p.agencyCode = o.agencyCode;
  if (o.agency !== undefined || o.agencyEn !== undefined) p.agencyName = { ...(o.agency !== undefined ? { vi: o.agency } : {}), ...(o.agencyEn !== undefined ? { en: o.agencyEn } : {}) };
  if (o.unit !== undefined || o.unitEn !== undefined) p.unitName = { ...(o.unit !== undefined ? { vi: o.unit } : {}), ...(o.unitEn !== undefined ? { en: o.unitEn } : {}) };
  if (o.place !== undefined) p.placeName = o.place;
  if (o.phone !== undefined) p.phone = o.phone === '' ? null : o.phone;
  if (o.bank === false) p.bank = null;
  else if ([o.bankBin, o.bankName, o.bankAccount, o.accountName].some((x) => x !== undefined) || o.bankVerified) {
    p.bank = {
      ...(o.bankBin !== undefined ? { bin: o.bankBin } : {}),
      ...(o.bankName !== undefined ? { bankName: o.bankName } : {}),
      ...(o.bankAccount !== undefined ? { account: o.bankAccount } : {}),
      ...(o.accountName !== undefined ? { accountName: o.accountName } : {}),
      ...(o.bankVerified ? { verified: true } : {}),
    };
  }
  if (o.postalFee !== undefined) p.postalFeeVnd = int(o.postalFee);
  const fees = parseFees(o.fee);
  if (fees) p.provinceFees = fees;
  if (o.verified) p.verified = true;
  return p;
}

const officeOptions = (cmd: Command, t: Translate): Command =>
  cmd
    .option('--agency-code <code>', t('cli.opt.agencyCode'))
    .option('--agency <name>', t('cli.opt.agencyName'))
    .option('--agency-en <name>', t('cli.opt.agencyNameEn'))
    .option('--unit <name>', t('cli.opt.unitName'))
    .option('--unit-en <name>', t('cli.opt.unitNameEn'))
    .option('--place <name>', t('cli.opt.placeName'))
    .option('--phone <number>', t('cli.opt.officePhone'))
    .option('--bank-bin <6 digits>', t('cli.opt.bankBin'))
    .option('--bank-name <name>', t('cli.opt.bankName'))
    .option('--bank-account <number>', t('cli.opt.bankAccount'))
    .option('--account-name <name>', t('cli.opt.accountName'))
    .option('--bank-verified', t('cli.opt.bankVerified'))
    .option('--no-bank', t('cli.opt.noBank'))
    .option('--postal-fee <vnd>', t('cli.opt.postalFee'))
    .option('--fee <key=vnd...>', t('cli.opt.provinceFee'))
    .option('--verified', t('cli.opt.officeVerified'));

export function registerOfficeCommands({ program, t, act, app, int }: CliContext): void {
  const office = program.command('office').description(t('cli.cmd.office'));
  office
    .command('list')
    .description(t('cli.cmd.officeList'))
    .action(
      act((cmd) => {
        const list = app(cmd).offices.list();
        return { json: list.map(officeJson), text: list.flatMap((e, i) => officeText(t, e, i === 0)) };
      }),
    );
  office
    .command('show <id>')
    .description(t('cli.cmd.officeShow'))
    .action(
      act((cmd, id: string) => {
        const a = app(cmd);
        const o = a.offices.get(id);
        const e = a.offices.list().find((x) => x.office.id === o.id) as OfficeEntry;
        return { json: officeJson(e), text: officeText(t, e, a.offices.default().id === o.id) };
      }),
    );
  officeOptions(office.command('add <id>').description(t('cli.cmd.officeAdd')), t).action(
    act((cmd, id: string, o: OfficeOpts) => {
      if (!o.agencyCode || !o.agency || !o.unit || !o.place) throw new DomainError('err.office.addNeeds', {});
      const a = app(cmd);
      const added: Office = a.offices.add(id, { ...patchOf(o, int), agencyCode: o.agencyCode, agencyName: { vi: o.agency, ...(o.agencyEn ? { en: o.agencyEn } : {}) }, unitName: { vi: o.unit, ...(o.unitEn ? { en: o.unitEn } : {}) }, placeName: o.place });
      return { json: officeJson({ office: added, source: 'vehicle' }), text: t('ok.officeAdded', { id: added.id, code: added.agencyCode }) };
    }),
  );
  officeOptions(office.command('set <id>').description(t('cli.cmd.officeSet')), t).action(
    act((cmd, id: string, o: OfficeOpts) => {
      const a = app(cmd);
      const set = a.offices.set(id, patchOf(o, int));
      return { json: officeJson({ office: set, source: 'vehicle' }), text: t('ok.officeSet', { id: set.id, code: set.agencyCode }) };
    }),
  );
}
