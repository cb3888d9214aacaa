// @ts-nocheck
// VietQR (NAPAS) payload for a bank-transfer fee payment: an EMVCo Merchant-Presented Mode QR
// string naming the receiving account, the exact amount in dong and the dossier code as the note.
// Pure: no I/O.
import { DomainError } from './errors.js';

const NAPAS_GUID = 'A000000727';
const SERVICE_TRANSFER_TO_ACCOUNT = 'QRIBFTTA';
const CURRENCY_VND = '704';
const COUNTRY_VN = 'VN';
/** Many banking apps truncate the transfer note beyond this. */
export const VIETQR_NOTE_MAX = 25;
const AMOUNT_MAX = 9_999_999_999_999; // 13 digits

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xorout) over the UTF-8 bytes. */
export function crc16ccitt(s: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(s)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** One EMVCo TLV field: 2-digit id, 2-digit length (characters; values here are ASCII), value. */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new DomainError('err.vietqr.format', { value: id });
  if (value.length > 99) throw new DomainError('err.vietqr.format', { value: `${id}:${value.length}` });
  return id + String(value.length).padStart(2, '0') + value;
}

/** Fold a transfer note to what banking apps accept: printable ASCII, at most 25 characters. */
export function vietQrNote(note: string): string {
  return note
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, VIETQR_NOTE_MAX)
    .trim();
}

export interface VietQrInput {
  /** Acquirer (bank) BIN, 6 digits, e.g. "970436" for Vietcombank. */
  bin: string;
  /** Receiving account number, 1–19 of [0-9A-Za-z]. */
  account: string;
  /** Amount in dong, a positive integer of at most 13 digits. */
  amountVnd: number;
  /** Transfer note, normally the dossier code. */
  note: string;
  /** One-payment code ("12", the default) or a reusable static one ("11"). */
  dynamic?: boolean;
}

export function buildVietQr(input: VietQrInput): string {
  const { bin, account, amountVnd, note, dynamic = true } = input;
  if (typeof bin !== 'string' || !/^\d{6}$/.test(bin)) {
    throw new DomainError('err.vietqr.bin', { value: String(bin) });
  }
  if (typeof account !== 'string' || !/^[0-9A-Za-z]{1,19}$/.test(account)) {
    throw new DomainError('err.vietqr.account', { value: String(account) });
  }
  if (!Number.isSafeInteger(amountVnd) || amountVnd <= 0 || amountVnd > AMOUNT_MAX) {
    throw new DomainError('err.vietqr.amount', { value: String(amountVnd) });
  }
  const merchant =
    tlv('00', NAPAS_GUID) + tlv('01', tlv('00', bin) + tlv('01', account)) + tlv('02', SERVICE_TRANSFER_TO_ACCOUNT);
  const folded = vietQrNote(note);
  const body =
    tlv('00', '01') +
    tlv('01', dynamic ? '12' : '11') +
    tlv('38', merchant) +
    tlv('53', CURRENCY_VND) +
    tlv('54', String(amountVnd)) +
    tlv('58', COUNTRY_VN) +
    // An empty note would be a zero-length field, which EMVCo does not allow: leave it out.
    (folded ? tlv('62', tlv('08', folded)) : '') +
    '6304';
  return body + crc16ccitt(body);
}

/** Top-level TLV parse of an EMVCo payload; refuses a malformed one. */
export function parseEmvTlv(payload: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < payload.length) {
    const head = payload.slice(i, i + 4);
    if (!/^\d{4}$/.test(head)) throw new DomainError('err.vietqr.format', { value: i });
    const id = head.slice(0, 2);
    const len = Number(head.slice(2));
    const end = i + 4 + len;
    if (end > payload.length || fields.has(id)) throw new DomainError('err.vietqr.format', { value: i });
    fields.set(id, payload.slice(i + 4, end));
    i = end;
  }
  return fields;
}

/** True when the payload ends with a "6304" CRC field matching the CRC of everything before it. */
export function checkCrc(payload: string): boolean {
  if (payload.length < 8 || payload.slice(-8, -4) !== '6304') return false;
  return crc16ccitt(payload.slice(0, -4)) === payload.slice(-4).toUpperCase();
}
