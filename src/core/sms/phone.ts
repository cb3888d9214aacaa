// Vietnamese mobile numbers for text messages: typed or printed as 0912 345 678, 0912.345.678,
// +84 912 345 678, 84912345678 or +84 (0) 912…, checked against the networks' mobile prefixes
// (data/sms.json: numbering changes by decision of the ministry, not in code), sent as E.164.
import { nfc } from '../text.js';

export interface MobileNumber {
  /** +84912345678: what the modem dials. */
  e164: string;
  /** 0912345678: what the operator reads. */
  national: string;
}

/**
 * The number, or undefined when it is not a Vietnamese mobile number of a known network. Digits in
 * any width (a phone pasted from a document may carry full-width ones) count as digits.
 */
export function vnMobile(raw: string, prefixes: readonly string[]): MobileNumber | undefined {
  let d = nfc(raw)
    .normalize('NFKC')
    .trim()
    .replace(/[\s.()\-\u00a0]/g, '');
  if (d.startsWith('+84')) d = d.slice(3);
  else if (d.startsWith('0084')) d = d.slice(4);
  else if (/^84\d{9}$/.test(d)) d = d.slice(2);
  else if (d.startsWith('0')) d = d.slice(1);
  else return undefined;
  if (d.startsWith('0')) d = d.slice(1); // +84 (0) 912 …
  if (!/^\d{9}$/.test(d)) return undefined;
  const national = `0${d}`;
  if (!prefixes.some((p) => national.startsWith(p))) return undefined;
  return { e164: `+84${d}`, national };
}

/** A number shown with its middle hidden (0912***678), for lists an onlooker might read. */
export function maskPhone(national: string): string {
  return national.length > 6 ? `${national.slice(0, 4)}***${national.slice(-3)}` : '***';
}
