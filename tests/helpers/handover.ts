// The manifest of a trip's handover bundle as the unit tests build it: the vehicle, the office and
// the trip of one morning at Mỹ Đức, with the files the caller lists (tests/unit/handover*.test.ts).
import type { ManifestInput } from '../../src/core/handover.js';

/** A dossier code of that trip. */
export const HANDOVER_CODE = '000.00.20.H26-261123-0001';

/** A SHA-256 in hex made of one repeated digit: distinct per digit, well formed. */
export const sha = (c: string) => c.repeat(64);

/** The manifest's input for that trip, with `files` as listed. */
export const manifestInput = (files: ManifestInput['files']): ManifestInput => ({
  id: '6f1c0e5e-4a0b-4c57-9a35-2f5d8f3c9b11',
  createdAt: '2026-11-23T04:30:00.000Z',
  from: { agencyCode: '000.00.20.H26', unit: 'Trung tâm Phục vụ hành chính công xã – Điểm lưu động', by: 'Nguyễn Thị Lan' },
  to: { office: 'Bộ phận một cửa – UBND xã Minh Châu' },
  trip: { id: 3, commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23' },
  counts: { dossiers: 2, citizens: 1, events: 4, attachments: 1 },
  key: { algorithm: 'ed25519', fingerprint: `sha256:${sha('a')}`, file: 'vehicle.pub.pem' },
  files,
});
