// The JSON Lines records the office receives in a bundle: a dossier with everything on its slip,
// where it stands and its files; a citizen as on the ID card (the raw QR text left on the vehicle);
// an event of a dossier's history. Each is checked whole, times as UTC ISO text.
import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../src/core/citizen.js';
import type { Dossier, DossierEvent } from '../../src/core/dossier.js';
import { citizenRecord, dossierRecord, eventRecord, type AttachmentRecord } from '../../src/core/handover.js';
import { HANDOVER_CODE, sha } from '../helpers/handover.js';

// 23/11/2026 in Hà Nội (UTC+7): received at 09:15, handed over at 16:40, the transfer confirmed at 09:20.
const RECEIVED = Date.UTC(2026, 10, 23, 2, 15, 0);
const HANDED = Date.UTC(2026, 10, 23, 9, 40, 30, 250);
const PAID = Date.UTC(2026, 10, 23, 2, 20, 0);

const DOSSIER: Dossier = {
  id: 17,
  code: HANDOVER_CODE,
  agency: '000.00.20.H26',
  seq: 1,
  tripId: 3,
  ticketId: 41,
  ticketLabel: 'A012',
  register: { book: '01/2026', no: 128 },
  vietqr: '00020101021238570010A000000727...',
  receivedAt: RECEIVED,
  state: 'handed_over',
  stateAt: HANDED,
  resultOn: null,
  operator: 'Nguyễn Thị Lan',
  paidAt: PAID,
  paidRef: 'FT26327123456',
  citizenId: '001152012345',
  citizenName: 'Nguyễn Thị Hường',
  procedureKey: '1.001193',
  procedureCode: '1.001193',
  procedureName: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  field: 'civil',
  group: 'civil',
  processingDays: 1,
  documents: [{ name: { vi: 'Tờ khai đăng ký khai sinh', en: 'Birth registration form' }, form: 'form', count: 1, mandatory: true, received: true }],
  feeVnd: 8000,
  payment: 'bank_qr',
  returnMethod: 'post',
  postalAddress: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội',
  postalFeeVnd: 25000,
  receivedOn: '2026-11-23',
  receivedTime: '09:15',
  dueDate: '2026-11-24',
  dueTime: '09:15',
  note: 'Bản sao giấy chứng sinh',
  phone: '0912345678',
  email: 'huong@example.vn',
  subject: { kind: 'birth', name: 'Nguyễn Minh An', date: '2026-11-20' },
  feeDetail: { type: 'le_phi', rule: 'fixed', units: 1, pages: null, perCopyVnd: null, capped: false, channel: null, expectedVnd: 8000, override: false, exemption: null },
};

const SLIP: AttachmentRecord = { kind: 'slip', item: null, path: `attachments/${HANDOVER_CODE}/slip.pdf`, mime: 'application/pdf', bytes: 20480, sha256: sha('2') };

describe('a dossier as the office receives it', () => {
  it('holds the slip, where it stands, the fee and its transfer, and its files, times in UTC', () => {
    expect(dossierRecord(DOSSIER, [SLIP])).toEqual({
      code: HANDOVER_CODE,
      state: 'handed_over',
      stateAt: '2026-11-23T09:40:30.250Z',
      receivedOn: '2026-11-23',
      receivedAt: '2026-11-23T02:15:00.000Z',
      dueDate: '2026-11-24',
      resultOn: null,
      citizen: { id: '001152012345', name: 'Nguyễn Thị Hường' },
      procedure: { key: '1.001193', code: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, field: 'civil', group: 'civil', processingDays: 1 },
      documents: [{ name: { vi: 'Tờ khai đăng ký khai sinh', en: 'Birth registration form' }, form: 'form', count: 1, mandatory: true, received: true }],
      feeVnd: 8000,
      payment: 'bank_qr',
      vietqr: '00020101021238570010A000000727...',
      returnMethod: 'post',
      postalAddress: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội',
      postalFeeVnd: 25000,
      note: 'Bản sao giấy chứng sinh',
      trip: 3,
      ticket: 'A012',
      operator: 'Nguyễn Thị Lan',
      agency: '000.00.20.H26',
      phone: '0912345678',
      email: 'huong@example.vn',
      subject: { kind: 'birth', name: 'Nguyễn Minh An', date: '2026-11-20' },
      fee: { type: 'le_phi', rule: 'fixed', units: 1, pages: null, perCopyVnd: null, capped: false, channel: null, expectedVnd: 8000, override: false, exemption: null },
      dueTime: '09:15',
      register: { book: '01/2026', no: 128 },
      paidAt: '2026-11-23T02:20:00.000Z',
      paidRef: 'FT26327123456',
      attachments: [SLIP],
    });
  });

  it('a transfer still awaited has no time of payment', () => {
    expect(dossierRecord({ ...DOSSIER, paidAt: null, paidRef: null }, []).paidAt).toBeNull();
  });
});

describe('a citizen as on the ID card', () => {
  it('holds the card fields, not the raw QR text', () => {
    const c: Citizen = {
      id: '001152012345',
      oldId: '151234567',
      fullName: 'Nguyễn Thị Hường',
      dob: '1952-03-14',
      gender: 'female',
      address: 'Thôn Đồi Dùng, Mỹ Đức, Hà Nội',
      issueDate: '2021-06-01',
      extra: ['Nguyễn Văn Ba'],
      raw: '001152012345|151234567|Nguyễn Thị Hường|14031952|Nữ|Thôn Đồi Dùng, Mỹ Đức, Hà Nội|01062021|Nguyễn Văn Ba',
    };
    // Every field of the card, as it is, and nothing else: no `raw`.
    const { raw: _raw, ...card } = c;
    expect(citizenRecord(c)).toEqual(card);
    expect(Object.keys(citizenRecord(c)).sort()).toEqual(['address', 'dob', 'extra', 'fullName', 'gender', 'id', 'issueDate', 'oldId']);
  });
});

describe('an event of a dossier', () => {
  it('names the dossier, the time in UTC, the step, who made it and the note', () => {
    const e: DossierEvent = { at: HANDED, from: 'received', to: 'handed_over', operator: 'Nguyễn Thị Lan', note: 'Bàn giao cho Bộ phận một cửa' };
    expect(eventRecord(HANDOVER_CODE, e)).toEqual({ code: HANDOVER_CODE, at: '2026-11-23T09:40:30.250Z', from: 'received', to: 'handed_over', operator: 'Nguyễn Thị Lan', note: 'Bàn giao cho Bộ phận một cửa' });
  });
});
