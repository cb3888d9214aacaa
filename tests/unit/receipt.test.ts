// Receiving a dossier (src/core/receipt.ts), on a procedure, citizen, office and calendar built here:
// every check with its own message and parameters, and the whole plan of an accepted receipt.
import { describe, expect, it } from 'vitest';
import { WorkingDays } from '../../src/core/calendar.js';
import type { Citizen } from '../../src/core/citizen.js';
import type { Office } from '../../src/core/office.js';
import type { Procedure } from '../../src/core/procedures.js';
import { findProcedure, fmtVnd, planReceipt, procedureKey, slug, type ReceiptInput } from '../../src/core/receipt.js';
import { refusal } from '../helpers/refusal.js';

const doc = (vi: string, mandatory: boolean, form: Procedure['documents'][number]['form'] = 'original', count = 1) => ({ name: { vi, en: `${vi} (en)` }, form, count, mandatory });
const BIRTH: Procedure = {
  code: '1.001193',
  name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  field: 'civil',
  group: 'A',
  documents: [doc('Tờ khai đăng ký khai sinh', true, 'form'), doc('Giấy chứng sinh', true), doc('Văn bản ủy quyền', false, 'copy', 2)],
  fee: { type: 'le_phi', rule: { kind: 'fixed', vnd: 8000, per: 'case' }, exemptions: [], source: 'test', verified: true },
  feeVnd: 8000,
  feeNote: null,
  subject: null,
  processingDays: 3,
  postalReturn: true,
  agency: { vi: 'UBND xã', en: 'Commune People’s Committee' },
  source: null,
  verified: true,
};
const CONFIRM: Procedure = { ...BIRTH, code: null, name: { vi: 'Xác nhận tình trạng hôn nhân', en: 'Marital status confirmation' }, documents: [doc('Tờ khai', false)], fee: { ...BIRTH.fee, rule: { kind: 'none' } }, feeVnd: 0, processingDays: 0, postalReturn: false };
const CITIZEN: Citizen = { id: '001152012345', oldId: null, fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', gender: 'female', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', issueDate: null, extra: [], raw: null };
const OFFICE: Office = {
  id: 'my-duc',
  agencyCode: '000.00.20.H26',
  placeName: 'Mỹ Đức',
  provinceFees: {},
  hours: { start: '07:30', end: '17:00' },
  agencyName: { vi: 'UBND xã Mỹ Đức', en: 'My Duc Commune' },
  unitName: { vi: 'Bộ phận một cửa', en: 'One-stop unit' },
  phone: null,
  bank: { bin: '970436', bankName: 'Vietcombank', account: '0011004123456', accountName: 'UBND XA MY DUC', verified: true },
  postalFeeVnd: 25000,
  verified: false,
};
// November 2026: Saturday 21 and Sunday 22; a holiday on Thursday 26, and Saturday 28 worked instead.
const DAYS = new WorkingDays({ afternoonCutoff: '16:30', years: { '2026': { verified: true, verifiedThrough: null, holidays: ['2026-11-26'], workdays: ['2026-11-28'] } } });
const BASE: ReceiptInput = { citizenId: CITIZEN.id, procedure: '1.001193', documents: [0, 1], payment: 'cash', returnMethod: 'next_visit' };
const plan = (over: Partial<ReceiptInput> = {}, p = BIRTH, office = OFFICE, time = '09:15', date = '2026-11-23') => planReceipt({ ...BASE, ...over }, p, CITIZEN, office, DAYS, date, time);

describe('planReceipt', () => {
  it('an accepted receipt: the plan', () => {
    expect(plan()).toMatchObject({
      citizenId: '001152012345',
      citizenName: 'Nguyễn Thị Hường',
      procedureKey: '1.001193',
      procedureCode: '1.001193',
      procedureName: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
      field: 'civil',
      group: 'A',
      processingDays: 3,
      documents: [
        { name: { vi: 'Tờ khai đăng ký khai sinh', en: 'Tờ khai đăng ký khai sinh (en)' }, form: 'form', count: 1, mandatory: true, received: true },
        { name: { vi: 'Giấy chứng sinh', en: 'Giấy chứng sinh (en)' }, form: 'original', count: 1, mandatory: true, received: true },
        { name: { vi: 'Văn bản ủy quyền', en: 'Văn bản ủy quyền (en)' }, form: 'copy', count: 2, mandatory: false, received: false },
      ],
      feeVnd: 8000,
      payment: 'cash',
      returnMethod: 'next_visit',
      postalAddress: null,
      postalFeeVnd: 0,
      receivedOn: '2026-11-23',
      receivedTime: '09:15',
      // Monday 23 counts: 24, 25, then 27 (26 is a holiday)
      dueDate: '2026-11-27',
      // counted from the day of receipt: due at the hour of receipt
      dueTime: '09:15',
      note: null,
      phone: null,
      email: null,
      subject: null,
      incomplete: null,
    });
    expect(plan().feeDetail).toMatchObject({ rule: 'fixed', expectedVnd: 8000, override: false, exemption: null });
    expect(plan({ feeVnd: 12000 }).feeDetail).toMatchObject({ expectedVnd: 8000, override: true });
  });

  it('the due date: after the afternoon cut-off counting starts the next working day; a swapped Saturday is worked', () => {
    expect(plan({}, BIRTH, OFFICE, '16:30').dueDate).toBe('2026-11-27');
    // 16:31, after the cut-off: counting starts on Tuesday 24: 25, 27, Saturday 28
    expect(plan({}, BIRTH, OFFICE, '16:31').dueDate).toBe('2026-11-28');
    // received on Sunday 22: starts Monday 23
    expect(plan({}, BIRTH, OFFICE, '08:00', '2026-11-22').dueDate).toBe('2026-11-27');
    // same-day procedure after the cut-off: the next working day
    expect(plan({ payment: 'exempt', documents: [] }, CONFIRM, OFFICE, '17:00').dueDate).toBe('2026-11-24');
    expect(plan({ payment: 'exempt', documents: [] }, CONFIRM, OFFICE, '10:00').dueDate).toBe('2026-11-23');
  });

  it('documents: each handed over once, an index that does not exist refused with its number as on screen, the mandatory ones missing named', () => {
    expect(plan({ documents: [2, 0, 1, 1] }).documents.map((d) => d.received)).toEqual([true, true, true]);
    for (const [docs, value] of [[[0, 1, 3], '4'], [[0, 1, -1], '0'], [[0, 1, 1.5], '2.5']] as const) {
      const e = refusal(() => plan({ documents: docs }));
      expect([e.code, e.params]).toEqual(['err.receipt.document', { value, max: 3 }]);
    }
    expect(refusal(() => plan({ documents: [] })).params).toEqual({ numbers: '1, 2' });
    expect(refusal(() => plan({ documents: [0, 2] })).params).toEqual({ numbers: '2' });
    expect(refusal(() => plan({ documents: [1] })).code).toBe('err.receipt.missingDocuments');
  });

  it('fees: the procedure’s by default, another when given, none when exempt; 0 must be exempt', () => {
    expect(plan({ feeVnd: 12000 }).feeVnd).toBe(12000);
    expect(plan({ payment: 'exempt' }).feeVnd).toBe(0);
    expect(plan({ payment: 'online' })).toMatchObject({ feeVnd: 8000, payment: 'online' });
    expect(plan({ payment: 'bank_qr' })).toMatchObject({ feeVnd: 8000, payment: 'bank_qr' });
    expect(refusal(() => plan({ feeVnd: 0 })).code).toBe('err.receipt.zeroFee');
    expect(refusal(() => plan({ payment: 'cash', documents: [] }, CONFIRM)).code).toBe('err.receipt.zeroFee');
    expect(plan({ payment: 'exempt', documents: [] }, CONFIRM).feeVnd).toBe(0);
    expect(plan({ feeVnd: 1_000_000_000 }).feeVnd).toBe(1_000_000_000);
    for (const bad of [-1, 1.5, 1_000_000_001, Number.NaN]) {
      const e = refusal(() => plan({ feeVnd: bad }));
      expect([e.code, e.params]).toEqual(['err.receipt.amount', { value: String(bad), what: 'fee' }]);
    }
    // the amount is checked before the payment method: an exempt receipt with a broken fee is still refused
    expect(refusal(() => plan({ feeVnd: -5, payment: 'exempt' })).code).toBe('err.receipt.amount');
  });

  it('payment and return methods outside the lists are refused, naming the value', () => {
    const e = refusal(() => plan({ payment: 'cheque' as never }));
    expect([e.code, e.params]).toEqual(['err.receipt.payment', { value: 'cheque' }]);
    const r = refusal(() => plan({ returnMethod: 'drone' as never }));
    expect([r.code, r.params]).toEqual(['err.receipt.return', { value: 'drone' }]);
  });

  it('bank transfer needs the office’s account', () => {
    expect(refusal(() => plan({ payment: 'bank_qr' }, BIRTH, { ...OFFICE, bank: null })).code).toBe('err.receipt.noBank');
    expect(plan({ payment: 'cash' }, BIRTH, { ...OFFICE, bank: null }).payment).toBe('cash');
  });

  it('return by post: the citizen’s address or another, cleaned; the office’s postage or another; refused where the law does not allow it', () => {
    expect(plan({ returnMethod: 'post' })).toMatchObject({ returnMethod: 'post', postalAddress: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', postalFeeVnd: 25000 });
    expect(plan({ returnMethod: 'post', postalAddress: '  Số 5,\tngõ 12,  Hà Nội ', postalFeeVnd: 0 })).toMatchObject({ postalAddress: 'Số 5, ngõ 12, Hà Nội', postalFeeVnd: 0 });
    expect(plan({ returnMethod: 'post', postalAddress: 'Xã A.' }).postalAddress).toBe('Xã A.');
    expect(refusal(() => plan({ returnMethod: 'post', postalAddress: ' Xã  ' })).code).toBe('err.receipt.address');
    expect(refusal(() => plan({ returnMethod: 'post', postalFeeVnd: -1 })).params).toEqual({ value: '-1', what: 'postalFee' });
    expect(refusal(() => plan({ returnMethod: 'post', payment: 'exempt', documents: [] }, CONFIRM)).code).toBe('err.receipt.noPostal');
    // not by post: no address and no postage, whatever was typed
    expect(plan({ returnMethod: 'commune_office', postalAddress: 'Số 5', postalFeeVnd: 30000 })).toMatchObject({ returnMethod: 'commune_office', postalAddress: null, postalFeeVnd: 0 });
  });

  it('the note is cleaned, and a blank one is none', () => {
    expect(plan({ note: '  Bổ sung\tsau  ' }).note).toBe('Bổ sung sau');
    expect(plan({ note: ' \t ' }).note).toBeNull();
    expect(plan({ note: '' }).note).toBeNull();
  });
});

describe('procedures by key', () => {
  const LIST = [BIRTH, CONFIRM, { ...BIRTH, code: '1.000656', name: { vi: 'Đăng ký khai tử', en: 'Death registration' } }];
  it('a key: the national code, else the name as a slug', () => {
    expect(procedureKey(BIRTH)).toBe('1.001193');
    expect(procedureKey(CONFIRM)).toBe('xac-nhan-tinh-trang-hon-nhan');
    expect(slug('  Đăng ký -- KHAI SINH (lưu động)! ')).toBe('dang-ky-khai-sinh-luu-dong');
  });
  it('found by code, by name with or without marks (either language), or by words that pick out one', () => {
    expect(findProcedure(LIST, ' 1.000656 ').name.vi).toBe('Đăng ký khai tử');
    expect(findProcedure(LIST, 'dang ky khai sinh')).toBe(BIRTH);
    expect(findProcedure(LIST, 'Marital status confirmation')).toBe(CONFIRM);
    expect(findProcedure(LIST, 'hôn nhân')).toBe(CONFIRM);
    expect(findProcedure(LIST, 'khai tử')).toBe(LIST[2]);
  });
  it('refuses an unknown or ambiguous text, naming the candidates', () => {
    const u = refusal(() => findProcedure(LIST, 'xây dựng'));
    expect([u.code, u.params]).toEqual(['err.procedure.unknown', { value: 'xây dựng' }]);
    expect(refusal(() => findProcedure(LIST, '   ')).code).toBe('err.procedure.unknown');
    const a = refusal(() => findProcedure(LIST, 'đăng ký'));
    // both names start with the words: the shorter first
    expect([a.code, a.params]).toEqual(['err.procedure.ambiguous', { value: 'đăng ký', list: '1.000656 Đăng ký khai tử; 1.001193 Đăng ký khai sinh' }]);
  });
});

describe('fmtVnd', () => {
  it('groups thousands with dots, as Vietnamese receipts do', () => {
    expect([0, 8000, 25000, 100000, 1250000, 1000000000].map(fmtVnd)).toEqual(['0 đ', '8.000 đ', '25.000 đ', '100.000 đ', '1.250.000 đ', '1.000.000.000 đ']);
  });
});
