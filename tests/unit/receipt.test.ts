// Receiving a dossier (src/core/receipt.ts), on a procedure, citizen, office and calendar built here:
// every check with its own message and parameters, and the whole plan of an accepted receipt.
import { describe, expect, it } from 'vitest';
import { WorkingDays } from '../../src/core/calendar.js';
import type { Citizen } from '../../src/core/citizen.js';
import type { Office } from '../../src/core/office.js';
import type { Procedure } from '../../src/core/procedures.js';
import type { PlannedTrip } from '../../src/core/schedule.js';
import { feeCeiling, findProcedure, fmtVnd, normalizeEmail, normalizePhone, planReceipt, procedureKey, returnVisit, slug, visitForReceipt, type ReceiptInput } from '../../src/core/receipt.js';
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
  it('an exact code or name wins over the words it shares with other procedures', () => {
    const MOBILE = { ...BIRTH, code: '1.000999', name: { vi: 'Đăng ký khai sinh lưu động', en: 'Birth registration, mobile' } };
    const JOINT = { ...BIRTH, code: null, name: { vi: 'Liên thông thủ tục 1.001193 với thường trú', en: 'Joint procedure with 1.001193' } };
    const list = [MOBILE, JOINT, BIRTH];
    // each of these texts is found in two or three procedures' words: only the exact one is meant
    expect(findProcedure(list, '1.001193')).toBe(BIRTH);
    expect(findProcedure(list, 'Đăng ký khai sinh')).toBe(BIRTH);
    expect(findProcedure(list, 'dang ky khai sinh')).toBe(BIRTH);
    expect(findProcedure(list, 'birth registration')).toBe(BIRTH);
    expect(refusal(() => findProcedure(list, 'khai sinh')).code).toBe('err.procedure.ambiguous');
  });
  it('an ambiguous text names at most five candidates', () => {
    const many = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((x, i) => ({ ...BIRTH, code: `1.00000${i}`, name: { vi: `Chứng thực ${x}`, en: `Certify ${x}` } }));
    const e = refusal(() => findProcedure(many, 'chứng thực'));
    expect(e.code).toBe('err.procedure.ambiguous');
    expect((e.params as { list: string }).list).toBe('1.000000 Chứng thực A; 1.000001 Chứng thực B; 1.000002 Chứng thực C; 1.000003 Chứng thực D; 1.000004 Chứng thực E');
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

// Procedures charged by the other rules of the catalogue (src/core/fees.ts), one with an exemption
// and one whose record is a child's.
const COPY: Procedure = { ...BIRTH, code: '2.000815', name: { vi: 'Chứng thực bản sao từ bản chính', en: 'Certified copy' }, documents: [doc('Bản chính', true)], fee: { type: 'phi', rule: { kind: 'pages', firstPages: 2, firstVnd: 2000, nextVnd: 1000, maxPerCopyVnd: 200000 }, exemptions: [], source: 'test', verified: true }, feeVnd: 2000 };
const RESIDENCE: Procedure = { ...BIRTH, code: '1.004194', name: { vi: 'Đăng ký tạm trú', en: 'Temporary residence' }, documents: [doc('Tờ khai', true)], fee: { type: 'le_phi', rule: { kind: 'channel', inPersonVnd: 15000, onlineVnd: 7000 }, exemptions: [], source: 'test', verified: true }, feeVnd: 15000 };
const LAND: Procedure = { ...BIRTH, code: '1.003000', name: { vi: 'Xác nhận đất', en: 'Land confirmation' }, documents: [doc('Đơn', true)], fee: { type: 'le_phi', rule: { kind: 'province', key: 'land.cert' }, exemptions: [], source: 'test', verified: true }, feeVnd: 0 };
const ON_TIME = { code: 'dung_han', name: { vi: 'Đăng ký khai sinh đúng hạn', en: 'Birth registered on time' }, source: 'Luật Hộ tịch', verified: true };
const CHILD: Procedure = { ...BIRTH, subject: 'birth', fee: { ...BIRTH.fee, exemptions: [ON_TIME] } };

describe('planReceipt: received incomplete on purpose', () => {
  it('records the reason, the contact and the mandatory papers still missing (0-based), cleaned', () => {
    const r = plan({ documents: [0, 2], incomplete: { reason: '  Thiếu\tgiấy chứng sinh ', contact: ' 0912  345 678 ' } });
    expect(r.incomplete).toEqual({ reason: 'Thiếu giấy chứng sinh', contact: '0912 345 678', missing: [1] });
    expect(r.documents.map((d) => d.received)).toEqual([true, false, true]);
    expect(plan({ documents: [], incomplete: { reason: 'abc' } }).incomplete).toEqual({ reason: 'abc', contact: null, missing: [0, 1] });
    expect(plan({ documents: [1], incomplete: { reason: 'Hẹn bổ sung', contact: ' \t ' } }).incomplete?.contact).toBeNull();
  });
  it('refuses a reason under three characters, and an incomplete receipt where nothing is missing', () => {
    for (const reason of ['', '  ab  ', null as unknown as string]) expect(refusal(() => plan({ documents: [0], incomplete: { reason } })).code).toBe('err.receipt.incompleteReason');
    expect(refusal(() => plan({ documents: [0, 1], incomplete: { reason: 'Thiếu bản sao' } })).code).toBe('err.receipt.notIncomplete');
    // the reason is checked first: both wrong, the reason is named
    expect(refusal(() => plan({ documents: [0, 1], incomplete: { reason: 'x' } })).code).toBe('err.receipt.incompleteReason');
  });
});

describe('planReceipt: the fee by the catalogue’s formula', () => {
  it('the certified-copy scale by pages and copies, with how it was counted', () => {
    const r = plan({ documents: [0], pages: 3, copies: 2 }, COPY);
    expect(r.feeVnd).toBe(10000);
    expect(r.feeDetail).toEqual({ type: 'phi', rule: 'pages', units: 2, pages: 3, perCopyVnd: 5000, capped: false, channel: null, expectedVnd: 10000, override: false, exemption: null });
    // the sum the formula gives, entered by hand, is no override
    expect(plan({ documents: [0], pages: 3, copies: 2, feeVnd: 10000 }, COPY).feeDetail.override).toBe(false);
  });
  it('a sum that contradicts the pages, copies or channel given is refused with both sums; without them it is an override', () => {
    const e = refusal(() => plan({ documents: [0], pages: 3, feeVnd: 9000 }, COPY));
    expect([e.code, e.params]).toEqual(['err.receipt.feeMismatch', { fee: '9.000 đ', expected: '5.000 đ' }]);
    expect(refusal(() => plan({ documents: [0], copies: 2, feeVnd: 9000 }, COPY)).code).toBe('err.receipt.feeMismatch');
    expect(refusal(() => plan({ copies: 2, feeVnd: 9000 })).params).toEqual({ fee: '9.000 đ', expected: '16.000 đ' });
    expect(refusal(() => plan({ documents: [0], channel: 'online', feeVnd: 15000 }, RESIDENCE)).params).toEqual({ fee: '15.000 đ', expected: '7.000 đ' });
    expect(plan({ documents: [0], feeVnd: 9000 }, COPY)).toMatchObject({ feeVnd: 9000, feeDetail: { expectedVnd: 2000, override: true } });
    // exempt: nothing is charged whatever sum was typed, and nothing contradicts
    expect(plan({ documents: [0], pages: 3, feeVnd: 9000, payment: 'exempt' }, COPY)).toMatchObject({ feeVnd: 0, payment: 'exempt', feeDetail: { override: false } });
  });
  it('pages only for the page scale; copies only for it and a sum per unit; refused elsewhere', () => {
    expect(refusal(() => plan({ pages: 2 })).code).toBe('err.receipt.noPages');
    expect(plan({ copies: 3 })).toMatchObject({ feeVnd: 24000, feeDetail: { units: 3 } });
    expect(refusal(() => plan({ documents: [0], copies: 2 }, RESIDENCE)).code).toBe('err.receipt.noCopies');
    expect(refusal(() => plan({ documents: [0], pages: 1 }, RESIDENCE)).code).toBe('err.receipt.noPages');
  });
  it('in person unless filed online; a channel outside the list refused, naming it', () => {
    expect(plan({ documents: [0] }, RESIDENCE)).toMatchObject({ feeVnd: 15000, feeDetail: { rule: 'channel', channel: 'in_person', expectedVnd: 15000 } });
    expect(plan({ documents: [0], channel: 'online' }, RESIDENCE)).toMatchObject({ feeVnd: 7000, feeDetail: { channel: 'online' } });
    const e = refusal(() => plan({ documents: [0], channel: 'fax' as never }, RESIDENCE));
    expect([e.code, e.params]).toEqual(['err.receipt.channel', { value: 'fax' }]);
  });
  it('the province’s rate as the office configured it; unconfigured, the operator enters the sum or the receipt is refused naming the key', () => {
    const configured = { ...OFFICE, provinceFees: { 'land.cert': 30000 } };
    expect(plan({ documents: [0] }, LAND, configured)).toMatchObject({ feeVnd: 30000, feeDetail: { rule: 'province', expectedVnd: 30000, override: false } });
    const e = refusal(() => plan({ documents: [0] }, LAND));
    expect([e.code, e.params]).toEqual(['err.receipt.provinceFee', { key: 'land.cert', office: 'my-duc' }]);
    expect(plan({ documents: [0], payment: 'exempt' }, LAND).feeVnd).toBe(0);
    // entered by hand where no rate is configured: taken, and not an override of a sum nobody knows
    expect(plan({ documents: [0], feeVnd: 20000 }, LAND)).toMatchObject({ feeVnd: 20000, feeDetail: { expectedVnd: null, override: false } });
  });
  it('an exemption the procedure has makes the receipt exempt, whatever payment was chosen; another is refused with the list', () => {
    expect(plan({ exemption: 'dung_han', payment: 'cash' }, CHILD)).toMatchObject({ feeVnd: 0, payment: 'exempt', feeDetail: { exemption: { code: 'dung_han', name: ON_TIME.name } } });
    const e = refusal(() => plan({ exemption: 'tre_em' }, CHILD));
    expect([e.code, e.params]).toEqual(['err.receipt.exemption', { value: 'tre_em', list: 'dung_han' }]);
    expect(refusal(() => plan({ exemption: 'dung_han' })).params).toEqual({ value: 'dung_han', list: '–' });
    const TWO: Procedure = { ...CHILD, fee: { ...CHILD.fee, exemptions: [ON_TIME, { ...ON_TIME, code: 'ho_ngheo', name: { vi: 'Hộ nghèo', en: 'Poor household' } }] } };
    expect(refusal(() => plan({ exemption: 'tre_em' }, TWO)).params).toEqual({ value: 'tre_em', list: 'dung_han, ho_ngheo' });
    expect(plan({ exemption: null }).payment).toBe('cash');
  });
  it('a transfer to an account not yet checked is refused as such, not as a missing account', () => {
    const unchecked = { ...OFFICE, bank: { ...OFFICE.bank!, verified: false } };
    const e = refusal(() => plan({ payment: 'bank_qr' }, BIRTH, unchecked));
    expect([e.code, e.params]).toEqual(['err.receipt.bankUnverified', { office: 'my-duc' }]);
    expect(refusal(() => plan({ payment: 'bank_qr' }, BIRTH, { ...OFFICE, bank: null })).params).toEqual({ office: 'my-duc' });
    expect(plan({ payment: 'exempt' }, BIRTH, unchecked).payment).toBe('exempt');
  });
  it('the postage is an amount like the fee: past a billion refused', () => {
    expect(plan({ returnMethod: 'post', postalFeeVnd: 1_000_000_000 }).postalFeeVnd).toBe(1_000_000_000);
    expect(refusal(() => plan({ returnMethod: 'post', postalFeeVnd: 1_000_000_001 })).params).toEqual({ value: '1000000001', what: 'postalFee' });
    expect(plan({ returnMethod: 'post' }, BIRTH, { ...OFFICE, postalFeeVnd: 18000 }).postalFeeVnd).toBe(18000);
  });
});

describe('planReceipt: how to reach the applicant', () => {
  it('a Vietnamese mobile number in any usual writing, stored as 0xxxxxxxxx; anything else refused naming it', () => {
    for (const [typed, stored] of [['0912345678', '0912345678'], [' +84 912 345 678 ', '0912345678'], ['84912345678', '0912345678'], ['(035) 123.45-67', '0351234567'], ['0712345678', '0712345678'], ['0812345678', '0812345678']]) {
      expect(plan({ phone: typed }).phone, typed).toBe(stored);
      expect(normalizePhone(typed as string)).toBe(stored);
    }
    // ('+84 0912…', the 0 kept after the country code, is not taken: it reads 00912…)
    for (const bad of ['0212345678', '0612345678', '091234567', '09123456789', '+8491234567', '849123456789', '84 91234567', '0912345abc', '1912345678', '10912345678', '+84 0912 345 678']) {
      expect(normalizePhone(bad), bad).toBeUndefined();
      const e = refusal(() => plan({ phone: bad }));
      expect([e.code, e.params]).toEqual(['err.receipt.phone', { value: bad }]);
    }
    expect(plan({ phone: '   ' }).phone).toBeNull();
    expect(plan({ phone: null }).phone).toBeNull();
  });
  it('an email: trimmed and lower-cased, one @, a dot in the domain, no spaces, at most 254 characters', () => {
    expect(plan({ email: ' An.Nguyen@Example.VN ' }).email).toBe('an.nguyen@example.vn');
    expect(normalizeEmail('a@b.c.vn')).toBe('a@b.c.vn');
    const long = `${'a'.repeat(245)}@mail.com`;
    expect(long).toHaveLength(254);
    expect(normalizeEmail(long)).toBe(long);
    for (const bad of ['a@b', 'a b@c.vn', 'a@@c.vn', '@c.vn', 'a@c.', 'a@.vn', 'a@c..vn', `a${long}`, 'x a@c.vn', 'a@c.vn x']) {
      expect(normalizeEmail(bad), bad).toBeUndefined();
      expect(refusal(() => plan({ email: bad })).code).toBe('err.receipt.email');
    }
    expect(refusal(() => plan({ email: 'a@b' })).params).toEqual({ value: 'a@b' });
    expect(plan({ email: ' ' }).email).toBeNull();
  });
});

describe('planReceipt: whose record it is', () => {
  it('the child’s name cleaned and date read as typed, for a procedure that records one', () => {
    expect(plan({ subject: { name: '  Nguyễn  Văn An ', date: '1/11/2026' } }, CHILD).subject).toEqual({ kind: 'birth', name: 'Nguyễn Văn An', date: '2026-11-01' });
    // born the day of receipt
    expect(plan({ subject: { name: 'An', date: '2026-11-23' } }, CHILD).subject?.date).toBe('2026-11-23');
    expect(plan({ subject: { name: 'Ạ'.repeat(100), date: '2026-11-23' } }, CHILD).subject?.name).toHaveLength(100);
    expect(plan({ subject: null }, CHILD).subject).toBeNull();
  });
  it('refused: a subject for a procedure without one, a name under 2 or over 100 characters, a date not real or after the receipt', () => {
    expect(refusal(() => plan({ subject: { name: 'Nguyễn Văn An', date: '01/11/2026' } })).code).toBe('err.receipt.noSubject');
    for (const name of ['A', '  B ', 'Ạ'.repeat(101), null as unknown as string]) expect(refusal(() => plan({ subject: { name, date: '01/11/2026' } }, CHILD)).code).toBe('err.receipt.subjectName');
    for (const date of ['24/11/2026', '31/11/2026', 'hôm qua']) {
      const e = refusal(() => plan({ subject: { name: 'An', date } }, CHILD));
      expect([e.code, e.params]).toEqual(['err.receipt.subjectDate', { value: date }]);
    }
    expect(refusal(() => plan({ subject: { name: 'An', date: null as unknown as string } }, CHILD)).params).toEqual({ value: '' });
  });
});

describe('planReceipt: the hour the result is due', () => {
  it('the hour of receipt when counting began that day; else the end of the office’s day', () => {
    expect(plan({}, BIRTH, OFFICE, '16:30').dueTime).toBe('16:30');
    expect(plan({}, BIRTH, OFFICE, '16:31').dueTime).toBe('17:00');
    expect(plan({}, BIRTH, OFFICE, '08:00', '2026-11-22').dueTime).toBe('17:00');
    expect(plan({ payment: 'exempt', documents: [] }, CONFIRM, OFFICE, '10:00').dueTime).toBe('17:00');
    expect(plan({}, BIRTH, { ...OFFICE, hours: { start: '07:00', end: '16:45' } }, '16:31').dueTime).toBe('16:45');
  });
});

describe('the result collected at the next visit', () => {
  let id = 0;
  const trip = (date: string, start = '08:00', over: Partial<PlannedTrip> = {}): PlannedTrip => ({ id: ++id, createdAt: 0, announcedAt: null, cancelledAt: null, commune: 'Mỹ Đức', place: 'Nhà văn hoá thôn Đồi', date, start, end: '11:00', services: [], note: null, ...over });
  const WHERE = { place: 'Nhà văn hoá thôn Đồi', commune: 'Mỹ Đức' };
  const PLANS = [
    trip('2026-11-30', '13:30'),
    trip('2026-11-26', '08:00'),
    trip('2026-11-27', '08:00', { cancelledAt: 1 }),
    trip('2026-11-27', '08:00', { commune: 'Phúc Lâm' }),
    trip('2026-11-27', '08:00', { place: 'Chợ Đồi' }),
    trip('2026-11-30', '07:30', { place: '  NHA VAN HOA  thon doi ', commune: 'my duc' }),
    trip('2026-12-04', '07:30'),
  ];
  it('the first visit to the same place and commune (marks, case and spaces aside) on or after the due date, not cancelled, earliest hour first', () => {
    // due Friday 27: the 26th is before it, the 27th's visits are cancelled or elsewhere; two on the 30th
    const v = returnVisit(PLANS, WHERE, '2026-11-23', '2026-11-27');
    expect([v?.date, v?.start, v?.place]).toEqual(['2026-11-30', '07:30', '  NHA VAN HOA  thon doi ']);
    expect(returnVisit([...PLANS].reverse(), WHERE, '2026-11-23', '2026-11-27')?.start).toBe('07:30');
    // a visit on the due date itself counts
    expect(returnVisit(PLANS, WHERE, '2026-11-23', '2026-11-26')?.date).toBe('2026-11-26');
    // never the day of receipt, even when the result is due that day
    expect(returnVisit([trip('2026-11-23'), trip('2026-11-24')], WHERE, '2026-11-23', '2026-11-23')?.date).toBe('2026-11-24');
    expect(returnVisit(PLANS, WHERE, '2026-11-23', '2026-12-05')).toBeUndefined();
  });
  it('visitForReceipt counts the due date as planReceipt does', () => {
    expect(visitForReceipt(PLANS, WHERE, DAYS, '2026-11-23', '09:15', 3)?.date).toBe('2026-11-30');
    // after the cut-off the count starts on Tuesday: due Saturday 28, still the 30th
    expect(visitForReceipt(PLANS, WHERE, DAYS, '2026-11-23', '16:31', 3)?.date).toBe('2026-11-30');
    expect(visitForReceipt(PLANS, WHERE, DAYS, '2026-11-23', '09:15', 2)?.date).toBe('2026-11-26');
  });
  it('the plan takes that visit’s date and opening hour; none scheduled or no trip open is refused with the reason', () => {
    expect(planReceipt(BASE, BIRTH, CITIZEN, OFFICE, DAYS, '2026-11-23', '09:15', { where: WHERE, plans: PLANS })).toMatchObject({ dueDate: '2026-11-30', dueTime: '07:30' });
    const e = refusal(() => planReceipt(BASE, BIRTH, CITIZEN, OFFICE, DAYS, '2026-11-23', '09:15', { where: WHERE, plans: PLANS.slice(1, 5) }));
    expect([e.code, e.params]).toEqual(['err.receipt.visitNone', { place: WHERE.place, commune: WHERE.commune, date: '27/11/2026' }]);
    expect(refusal(() => planReceipt(BASE, BIRTH, CITIZEN, OFFICE, DAYS, '2026-11-23', '09:15', { where: null, plans: PLANS })).code).toBe('err.receipt.visitNoTrip');
    // returned another way, the schedule does not matter
    expect(planReceipt({ ...BASE, returnMethod: 'commune_office' }, BIRTH, CITIZEN, OFFICE, DAYS, '2026-11-23', '09:15', { where: null, plans: [] })).toMatchObject({ dueDate: '2026-11-27', dueTime: '09:15' });
  });
});

describe('feeCeiling', () => {
  it('the most one sum allows: 0 with no fee, the fixed fee of a case, the dearer channel, the configured rate; else none', () => {
    expect(feeCeiling(CONFIRM, OFFICE)).toBe(0);
    expect(feeCeiling(BIRTH, OFFICE)).toBe(8000);
    expect(feeCeiling({ ...BIRTH, fee: { ...BIRTH.fee, rule: { kind: 'fixed', vnd: 5000, per: 'copy' } } }, OFFICE)).toBeNull();
    expect(feeCeiling(RESIDENCE, OFFICE)).toBe(15000);
    expect(feeCeiling({ ...RESIDENCE, fee: { ...RESIDENCE.fee, rule: { kind: 'channel', inPersonVnd: 5000, onlineVnd: 9000 } } }, OFFICE)).toBe(9000);
    expect(feeCeiling(LAND, OFFICE)).toBeNull();
    expect(feeCeiling(LAND, { ...OFFICE, provinceFees: { 'land.cert': 30000 } })).toBe(30000);
    expect(feeCeiling(COPY, OFFICE)).toBeNull();
  });
});
