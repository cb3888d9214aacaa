// The office the vehicle works for (data/office.json) and the kinds of help given without a
// dossier (data/help-services.json). Pure: callers pass parsed JSON.
import { Checker, type LocalName } from './config.js';

export interface BankAccount {
  /** Acquirer BIN of the bank (6 digits), as NAPAS lists it. */
  bin: string;
  bankName: string;
  account: string;
  accountName: string;
}

export interface Office {
  /** Agency code of the receiving unit: the first part of every dossier code. */
  agencyCode: string;
  /** Who receives the dossiers, as printed at the top of the slip. */
  agencyName: LocalName;
  /** The one-stop unit (Bộ phận tiếp nhận và trả kết quả) or centre. */
  unitName: LocalName;
  phone: string | null;
  /** The account fees are transferred to by VietQR; null: no bank transfer. */
  bank: BankAccount | null;
  /** Default fee for returning a result by public post, editable per dossier. */
  postalFeeVnd: number;
  /** Whether agencyCode, the account and the fees were checked by the office. */
  verified: boolean;
}

export interface HelpService {
  code: string;
  /** The digit that logs it (1-9). */
  key: string;
  name: LocalName;
}

export function checkOffice(json: unknown, file = 'office.json'): Office {
  const c = new Checker(file);
  const o = c.obj(json, '$');
  c.int(o.version, '$.version', 1, 1);
  let bank: BankAccount | null = null;
  if (o.bank !== null) {
    const b = c.obj(o.bank, '$.bank');
    bank = {
      bin: c.str(b.bin, '$.bank.bin', /^\d{6}$/),
      bankName: c.str(b.bankName, '$.bank.bankName'),
      account: c.str(b.account, '$.bank.account', /^[0-9A-Za-z]{1,19}$/),
      accountName: c.str(b.accountName, '$.bank.accountName'),
    };
  }
  return {
    agencyCode: c.str(o.agencyCode, '$.agencyCode', /^[0-9A-Z]+(\.[0-9A-Z]+)*$/),
    agencyName: c.name(o.agencyName, '$.agencyName'),
    unitName: c.name(o.unitName, '$.unitName'),
    phone: o.phone === null ? null : c.str(o.phone, '$.phone', /^[0-9 .+()-]{6,20}$/),
    bank,
    postalFeeVnd: c.int(o.postalFeeVnd, '$.postalFeeVnd', 0, 10_000_000),
    verified: c.bool(o.verified, '$.verified'),
  };
}

export function checkHelpServices(json: unknown, file = 'help-services.json'): HelpService[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  c.int(root.version, '$.version', 1, 1);
  const list = c.arr(root.services, '$.services').map((v, i) => {
    const p = `$.services[${i}]`;
    const o = c.obj(v, p);
    return { code: c.str(o.code, `${p}.code`, /^[a-z][a-z0-9_]*$/), key: c.str(o.key, `${p}.key`, /^[1-9]$/), name: c.name(o.name, `${p}.name`) };
  });
  if (list.length === 0) c.fail('$.services', 'at least one kind of help is needed');
  c.unique(list, (x) => x.code, '$.services', 'code');
  c.unique(list, (x) => x.key, '$.services', 'key');
  return list;
}
